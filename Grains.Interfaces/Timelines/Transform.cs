namespace RenderFarm.Timelines;

/// <summary>
/// Where a clip's box sits: its top-left corner in output pixels and its size as a fraction of the
/// output frame (picture-in-picture uses a scale below 1).
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Transform")]
public sealed record Transform
{
    public static readonly Transform FullFrame = new();

    [Id(0)] public int X { get; init; }
    [Id(1)] public int Y { get; init; }
    [Id(2)] public double Scale { get; init; } = 1.0;
}
