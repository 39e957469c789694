namespace RenderFarm.Costs;

/// <summary>
/// A pool's cost model as fitted now: seconds per unit of each of <see cref="WorkFeatures"/> on a node
/// of <see cref="ReferenceBenchmarkFps"/>, and how far off it was on the attempts it was fitted to.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.CostModelSnapshot")]
public sealed record CostModelSnapshot(
    /// <summary>In the order of <see cref="WorkFeatures.Names"/>.</summary>
    [property: Id(0)] IReadOnlyList<double> Coefficients,
    [property: Id(1)] double ReferenceBenchmarkFps,
    /// <summary>Root mean square of (predicted − actual) / actual over the samples; the defaults' assumed error before any.</summary>
    [property: Id(2)] double RelativeError,
    /// <summary>Finished attempts the model was fitted to (0: its defaults).</summary>
    [property: Id(3)] int Samples,
    [property: Id(4)] DateTimeOffset? FittedAt = null);
