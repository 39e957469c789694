using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>The outcome of probing and hashing a job's media: the resolved timeline, or every problem found.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.MediaCheckResult")]
public sealed record MediaCheckResult(
    [property: Id(0)] ResolvedTimeline? Timeline,
    [property: Id(1)] IReadOnlyList<ValidationError> Errors);
