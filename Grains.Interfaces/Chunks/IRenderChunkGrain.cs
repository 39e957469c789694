using RenderFarm.Scheduling;

namespace RenderFarm.Chunks;

/// <summary>
/// Runs the attempts of one piece of a job's work (a chunk's frame range in one lane, the sound or
/// the merge) on the silo it is activated on, which the scheduler picks through placement. It keeps
/// nothing: each attempt reports its start, progress and end to its job, which keeps the record.
/// </summary>
[Alias("RenderFarm.IRenderChunkGrain")]
public interface IRenderChunkGrain : IGrainWithStringKey
{
    /// <summary>Starts an attempt and returns at once (one-way: the scheduler never waits on a node).</summary>
    [Alias("Start"), OneWay] Task StartAsync(WorkAssignment assignment);

    /// <summary>Stops the given attempt if it runs here; any other attempt is left alone. Interleaved so that a stop reaches a busy grain.</summary>
    [Alias("Stop"), AlwaysInterleave] Task StopAsync(int attempt);
}
