namespace RenderFarm.Scheduling;

/// <summary>
/// How much of what an attempt reads from the media store its node held already when it started:
/// the uploaded assets the piece reads, and how many of them were in the node's cache.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AssetLocality")]
public sealed record AssetLocality(
    [property: Id(0)] int Needed,
    [property: Id(1)] int Held)
{
    /// <summary>The node had every asset the piece reads: nothing was fetched for it.</summary>
    public bool AllHeld => Held >= Needed;
}
