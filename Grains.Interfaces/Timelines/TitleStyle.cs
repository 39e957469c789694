using System.Text.Json.Serialization;

namespace RenderFarm.Timelines;

/// <summary>
/// A text title. The text is data: it is drawn exactly as written, never interpreted.
/// Without <see cref="X"/>/<see cref="Y"/> the text is centred on that axis of the clip's box.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.TitleStyle")]
public sealed record TitleStyle
{
    [Id(0), JsonRequired] public string Text { get; init; } = "";
    [Id(1)] public int FontSize { get; init; } = 64;
    [Id(2)] public string Color { get; init; } = "#FFFFFF";
    [Id(3)] public int? X { get; init; }
    [Id(4)] public int? Y { get; init; }
}
