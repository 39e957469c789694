namespace RenderFarm.Jobs;

/// <summary>How a job is scheduled and cut: priority, deadline and the wanted chunking.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobOptions")]
public sealed record JobOptions
{
    /// <summary>A name shown in status listings; defaults to the job id.</summary>
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public JobPriority Priority { get; init; } = JobPriority.Normal;
    /// <summary>Within a priority class, jobs whose deadline is nearer go first.</summary>
    [Id(2)] public DateTimeOffset? Deadline { get; init; }
    /// <summary>Wanted number of chunks; without it or <see cref="ChunkFrames"/> the farm picks one chunk per render slot.</summary>
    [Id(3)] public int? ChunkCount { get; init; }
    /// <summary>Wanted chunk length in frames.</summary>
    [Id(4)] public int? ChunkFrames { get; init; }
}
