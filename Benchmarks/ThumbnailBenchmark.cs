using System.CommandLine;
using System.Diagnostics;
using RenderFarm.Rendering;
using RenderFarm.Timelines;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-thumbnails TIMELINE</c>: renders one chunk of the timeline with the node's thumbnail still
/// off and on (the default: 320 wide, one every 2 s), alternating the two and which goes first, and
/// reports what the still costs the chunk's render.
/// </summary>
internal static class ThumbnailBenchmark
{
    public static Command Create()
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file." };
        var assets = new Option<DirectoryInfo?>("--assets", "-a") { Description = "Assets root (default: the timeline's folder)." };
        var frames = new Option<int>("--frames", "-f") { Description = "Frames of the chunk, from the timeline's start.", DefaultValueFactory = _ => 120 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Alternating rounds (off, on).", DefaultValueFactory = _ => 5 };

        var command = new Command("bench-thumbnails", "Measure what the thumbnail still costs a chunk's render on this machine.") { timeline, assets, frames, rounds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(timeline)!;
            var resolved = await TimelineLoader.LoadAsync(file.FullName, result.GetValue(assets)?.FullName ?? file.DirectoryName!, cancellationToken);
            var range = new FrameRange(0, Math.Min(result.GetValue(frames), resolved.Output.DurationFrames));
            var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"bench-thumbnails-{Guid.NewGuid():N}")).FullName;
            var options = new RenderEngineOptions { WorkDirectory = work };
            var renderer = new ChunkRenderer(new FfmpegRunner(), options, thumbnails: new ThumbnailOptions());
            var off = new List<double>();
            var on = new List<double>();
            var stills = 0;
            try
            {
                for (var round = 0; round < result.GetValue(rounds); round++)
                {
                    foreach (var still in round % 2 == 0 ? new[] { false, true } : [true, false])
                    {
                        var watch = still ? new FfmpegRunWatch() : null;
                        var seen = DateTime.MinValue;
                        var progress = new SynchronousProgress<int>(_ =>
                        {
                            if (watch?.StillPath is { } path && File.Exists(path) && File.GetLastWriteTimeUtc(path) is var at && at != seen)
                                (seen, stills) = (at, stills + 1);
                        });
                        var clock = Stopwatch.StartNew();
                        await renderer.RenderAsync(resolved, range, Path.Combine(work, "chunk.mp4"), progress, cancellationToken, watch: watch);
                        (still ? on : off).Add(clock.Elapsed.TotalSeconds);
                    }
                    AnsiConsole.MarkupLineInterpolated($"round {round + 1}: off {off[^1]:0.00} s, on {on[^1]:0.00} s");
                }
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
            var table = new Table().AddColumns("measure", "off", "on", "on / off");
            table.AddRow($"chunk of {range.Count} frames (median s)", F(Median(off)), F(Median(on)), F(Median(on) / Median(off)));
            // Pairs of the same round saw the same machine: their ratio is steadier than a ratio of medians.
            table.AddRow("median of each round's ratio", "", "", F(Median(off.Zip(on, (a, b) => b / a))));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"stills seen changing at progress reports: {stills} over {on.Count} renders");
            return 0;
        });
        return command;
    }
}
