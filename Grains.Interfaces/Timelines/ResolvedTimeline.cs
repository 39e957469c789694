namespace RenderFarm.Timelines;

/// <summary>A timeline that passed validation, with every asset it uses resolved to a checked file.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ResolvedTimeline")]
public sealed record ResolvedTimeline(
    [property: Id(0)] Timeline Timeline,
    [property: Id(1)] IReadOnlyDictionary<string, ResolvedAsset> Assets)
{
    public OutputSpec Output => Timeline.Output;
}
