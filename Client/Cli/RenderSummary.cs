using System.Globalization;
using RenderFarm.Jobs;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>What <c>render</c> prints once its job completed: the file, its frames, each chunk's node and the time taken.</summary>
internal static class RenderSummary
{
    public static void Write(JobStatus status, string outputPath)
    {
        var table = new Table().AddColumns("", "");
        table.HideHeaders();
        table.AddRow("Output", Markup.Escape(outputPath));
        table.AddRow("Frames", status.TotalFrames.ToString(CultureInfo.InvariantCulture));
        table.AddRow($"Chunks ({status.Chunks.Count})", string.Join(Environment.NewLine, status.Chunks.Select(c =>
            Markup.Escape($"{c.Index}: frames {c.Range} on {c.Node ?? "?"}" + (c.Attempts > 1 ? $" ({c.Attempts} attempts)" : "")))));
        table.AddRow("Elapsed", Formats.Duration(status.Elapsed));
        AnsiConsole.Write(table);
    }
}
