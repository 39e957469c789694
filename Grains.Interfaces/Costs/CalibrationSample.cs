using RenderFarm.Scheduling;

namespace RenderFarm.Costs;

/// <summary>One finished attempt as its job saw it: what the piece was, on what node, and how long it took.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.CalibrationSample")]
public sealed record CalibrationSample(
    [property: Id(0)] WorkKind Kind,
    [property: Id(1)] WorkFeatures Features,
    /// <summary>The node's <see cref="AttemptHost.BenchmarkFps"/>; 0 when it did not measure one.</summary>
    [property: Id(2)] double BenchmarkFps,
    [property: Id(3)] int ThreadsPerSlot,
    /// <summary>From the attempt's start to its end, as its job recorded them.</summary>
    [property: Id(4)] double Seconds,
    [property: Id(5)] DateTimeOffset EndedAt);
