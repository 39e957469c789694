namespace RenderFarm.Jobs;

/// <summary>One page of a job listing; <see cref="NextPageToken"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobPage")]
public sealed record JobPage(
    [property: Id(0)] IReadOnlyList<JobSummary> Jobs,
    [property: Id(1)] string? NextPageToken);
