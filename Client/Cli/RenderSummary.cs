using RenderFarm.Rendering;
using Spectre.Console;

namespace RenderFarm.Cli;

internal static class RenderSummary
{
    public static void Write(RenderReport report)
    {
        var facts = report.Output;
        var table = new Table().AddColumns("", "");
        table.HideHeaders();
        table.AddRow("Output", Markup.Escape(report.OutputPath));
        table.AddRow("Video", $"{facts.VideoCodec} {facts.Width}x{facts.Height}, {facts.VideoFrames} frames, {facts.VideoDurationSeconds:0.000} s");
        table.AddRow("Audio", $"{facts.AudioCodec} {facts.AudioSampleRate} Hz, {facts.AudioChannels} ch, {facts.AudioDurationSeconds:0.000} s");
        table.AddRow("Chunks", Markup.Escape(string.Join(" ", report.Chunks.Select(c => c.ToString()))));
        table.AddRow("Time", $"chunks {report.ChunkTime.TotalSeconds:0.0} s, audio {report.AudioTime.TotalSeconds:0.0} s, merge {report.MergeTime.TotalSeconds:0.0} s, total {report.TotalTime.TotalSeconds:0.0} s");
        AnsiConsole.Write(table);
    }
}
