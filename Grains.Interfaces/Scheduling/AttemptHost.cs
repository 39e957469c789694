using RenderFarm.Costs;

namespace RenderFarm.Scheduling;

/// <summary>
/// What the node an attempt runs on brings to it, as the node tells its job at the start: what its slot
/// costs, how fast it is, and which of the uploaded assets the piece reads it held already (null when
/// the piece reads none, or the store is a shared folder read in place).
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AttemptHost")]
public sealed record AttemptHost(
    [property: Id(0)] SlotPrice Price,
    [property: Id(1)] double BenchmarkFps,
    [property: Id(2)] int ThreadsPerSlot,
    [property: Id(3)] AssetLocality? Assets = null);
