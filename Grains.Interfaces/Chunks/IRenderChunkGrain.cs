namespace RenderFarm.Chunks;

/// <summary>
/// One frame range of one job. It renders on the silo it is activated on, which the scheduler picks
/// through placement; each attempt ends with the activation, so the next one is placed afresh.
/// </summary>
[Alias("RenderFarm.IRenderChunkGrain")]
public interface IRenderChunkGrain : IGrainWithStringKey
{
    /// <summary>Starts an attempt and returns at once; the chunk reports to its job and the scheduler.</summary>
    [Alias("Start"), OneWay] Task StartAsync(ChunkAssignment assignment);
    [Alias("Cancel")] Task CancelAsync();
    /// <summary>Stops the given attempt if it still runs here (it stalled or lost a race); a newer attempt is left alone.</summary>
    [Alias("Abandon")] Task AbandonAsync(int attempt);
    [Alias("GetRecord"), AlwaysInterleave] Task<ChunkRecord> GetRecordAsync();
}
