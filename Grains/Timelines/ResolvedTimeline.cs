namespace RenderFarm.Timelines;

/// <summary>A timeline that passed validation, with every asset it uses resolved to a checked file.</summary>
public sealed record ResolvedTimeline(Timeline Timeline, IReadOnlyDictionary<string, ResolvedAsset> Assets)
{
    public OutputSpec Output => Timeline.Output;
}
