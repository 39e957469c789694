using RenderFarm.Chunks;

namespace RenderFarm.Jobs;

/// <summary>Everything a client may want to know about a job, including each chunk.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobStatus")]
public sealed record JobStatus
{
    [Id(0)] public Guid JobId { get; init; }
    [Id(1)] public string Name { get; init; } = "";
    [Id(2)] public JobState State { get; init; }
    [Id(3)] public JobPriority Priority { get; init; }
    [Id(4)] public int TotalFrames { get; init; }
    [Id(5)] public int FramesDone { get; init; }
    [Id(6)] public IReadOnlyList<ChunkStatus> Chunks { get; init; } = [];
    [Id(7)] public DateTimeOffset SubmittedAt { get; init; }
    [Id(8)] public DateTimeOffset? StartedAt { get; init; }
    [Id(9)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The finished file in the media store.</summary>
    [Id(10)] public string? OutputPath { get; init; }
    [Id(11)] public string? Error { get; init; }

    public int ChunksDone => Chunks.Count(c => c.State == ChunkState.Completed);
    public TimeSpan? Elapsed => (FinishedAt ?? (State.IsTerminal() ? null : DateTimeOffset.UtcNow)) - SubmittedAt;
}
