namespace RenderFarm.Costs;

/// <summary>
/// Attempts ended by their machine's reclaim: the frames they committed (billed as work done, like any
/// chunk) and those they had rendered and lost, to be rendered again; and what each part cost.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ReclaimTally")]
public sealed record ReclaimTally(
    [property: Id(0)] int Attempts,
    [property: Id(1)] int FramesKept,
    [property: Id(2)] int FramesLost,
    [property: Id(3)] decimal Kept,
    [property: Id(4)] decimal Lost)
{
    public static readonly ReclaimTally None = new(0, 0, 0, 0m, 0m);

    public ReclaimTally Add(ReclaimTally other) =>
        new(Attempts + other.Attempts, FramesKept + other.FramesKept, FramesLost + other.FramesLost, Kept + other.Kept, Lost + other.Lost);
}
