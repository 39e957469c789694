using System.CommandLine;
using RenderFarm.Jobs;

namespace RenderFarm.Cli;

/// <summary>The options render and submit share: how a job is cut into chunks and its priority.</summary>
internal sealed class JobOptionInputs
{
    public Option<int?> Chunks { get; } = new("--chunks", "-c") { Description = "Number of chunks to split the timeline into (default: one per render slot of the farm)." };

    public Option<int?> ChunkFrames { get; } = new("--chunk-frames") { Description = "Wanted chunk length in frames (instead of --chunks)." };

    public Option<JobPriority> Priority { get; } = new("--priority") { Description = "Priority class: low, normal, high or urgent.", DefaultValueFactory = _ => JobPriority.Normal };

    public void AddTo(Command command)
    {
        command.Options.Add(Chunks);
        command.Options.Add(ChunkFrames);
        command.Options.Add(Priority);
    }

    /// <summary>The job options as given; the farm checks them and names any field at fault.</summary>
    public JobOptions Read(ParseResult result) => new()
    {
        ChunkCount = result.GetValue(Chunks),
        ChunkFrames = result.GetValue(ChunkFrames),
        Priority = result.GetValue(Priority),
    };
}
