using Spectre.Console;
using Spectre.Console.Rendering;

namespace RenderFarm.Cli;

/// <summary>
/// A bar of a share (0..1) with a label after it, as wide as its table column lets it be. Filled and
/// empty parts differ in their characters, not only in colour, so that the bar reads on a terminal
/// without colours and in a copy of the screen.
/// </summary>
internal sealed class ProgressBarCell(double? share, string label, Color color) : Renderable
{
    private const int MinBarWidth = 5;
    private const int MaxBarWidth = 30;

    /// <summary>A share of something that may not be known (a node that does not report its CPU): an empty bar and a dash.</summary>
    public static ProgressBarCell Of(double? share, Func<double, string> label, Color color) =>
        new(share, share is { } value ? label(value) : "-", color);

    protected override Measurement Measure(RenderOptions options, int maxWidth) =>
        new(Math.Min(maxWidth, MinBarWidth + 1 + label.Length), Math.Min(maxWidth, MaxBarWidth + 1 + label.Length));

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var width = Math.Clamp(maxWidth - label.Length - 1, 1, MaxBarWidth);
        var filled = share is { } value ? (int)Math.Round(Math.Clamp(value, 0, 1) * width) : 0;
        var (full, empty) = options.Unicode ? ('█', '░') : ('#', '-');
        yield return new Segment(new string(full, filled), new Style(color));
        yield return new Segment(new string(empty, width - filled), new Style(Color.Grey));
        yield return new Segment(" " + label);
    }
}
