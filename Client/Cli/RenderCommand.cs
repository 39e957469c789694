using System.CommandLine;
using RenderFarm.Rendering;
using RenderFarm.Timelines;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>render TIMELINE -o OUT</c>: validates, plans and renders a timeline on this machine.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file (docs/timeline-format.md)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "File to write.", Required = true };
        var assets = new Option<DirectoryInfo?>("--assets", "-a") { Description = "Folder the timeline's asset paths are relative to (default: the timeline's folder)." };
        var chunks = new Option<int?>("--chunks", "-c") { Description = "Number of chunks to split the timeline into." };
        var chunkFrames = new Option<int?>("--chunk-frames") { Description = "Wanted chunk length in frames (instead of --chunks)." };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Chunks rendered at once on this machine.", DefaultValueFactory = _ => 1 };

        var command = new Command("render", "Render a timeline to a file.") { timeline, output, assets, chunks, chunkFrames, parallel };
        command.SetAction(async (result, cancellationToken) =>
        {
            var timelineFile = result.GetValue(timeline)!;
            var assetsRoot = result.GetValue(assets)?.FullName ?? timelineFile.DirectoryName!;
            try
            {
                var resolved = await TimelineLoader.LoadAsync(timelineFile.FullName, assetsRoot, cancellationToken);
                var plan = ChunkPlanner.Plan(resolved.Timeline, new ChunkingOptions
                {
                    ChunkCount = result.GetValue(chunks),
                    TargetFrames = result.GetValue(chunkFrames),
                });
                var report = await RenderWithProgressAsync(resolved, plan, result.GetValue(output)!.FullName, result.GetValue(parallel), cancellationToken);
                RenderSummary.Write(report);
                return 0;
            }
            catch (TimelineValidationException e)
            {
                AnsiConsole.MarkupLine("[red]The timeline is not valid:[/]");
                foreach (var error in e.Errors)
                    AnsiConsole.MarkupLineInterpolated($"  [yellow]{error.Field}[/]: {error.Rule}");
                return 2;
            }
            catch (Exception e) when (e is FfmpegFailedException or RenderVerificationException or ArgumentException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Render failed:[/] {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<RenderReport> RenderWithProgressAsync(
        ResolvedTimeline resolved, IReadOnlyList<FrameRange> plan, string outputPath, int parallel, CancellationToken cancellationToken)
    {
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions());
        RenderReport? report = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"{plan.Count} chunk(s)", maxValue: resolved.Output.DurationFrames);
                var progress = new SynchronousProgress<RenderProgress>(p =>
                {
                    task.Description = $"{plan.Count} chunk(s): {p.Stage}";
                    task.Value = p.FramesDone;
                });
                report = await engine.RenderAsync(resolved, plan, outputPath, progress, parallel, cancellationToken);
                task.Value = task.MaxValue;
            });
        return report!;
    }
}
