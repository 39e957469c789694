using System.CommandLine;
using FFMpegCore;
using RenderFarm.Rendering;
using RenderFarm.Sandbox;
using RenderFarm.Timelines;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-sandbox TIMELINE</c>: renders the timeline in N chunks with every ffmpeg and ffprobe
/// unsandboxed and sandboxed (bubblewrap and prlimit, as a farm node runs them), alternating the two
/// and which goes first, so that both see the same machine, and reports the sandbox's extra cost.
/// </summary>
internal static class SandboxBenchmark
{
    public static Command Create()
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file." };
        var assets = new Option<DirectoryInfo?>("--assets", "-a") { Description = "Assets root (default: the timeline's folder)." };
        var chunks = new Option<int>("--chunks", "-c") { Description = "Chunks the timeline is rendered in.", DefaultValueFactory = _ => 3 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Alternating rounds (unsandboxed, sandboxed).", DefaultValueFactory = _ => 5 };

        var command = new Command("bench-sandbox", "Measure what the ffmpeg sandbox costs a render on this machine.") { timeline, assets, chunks, rounds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(timeline)!;
            var resolved = await TimelineLoader.LoadAsync(file.FullName, result.GetValue(assets)?.FullName ?? file.DirectoryName!, cancellationToken);
            var ranges = ChunkPlanner.Plan(resolved.Timeline, new ChunkingOptions { ChunkCount = result.GetValue(chunks), SnapWindowFraction = 0 });
            var sandbox = new SandboxOptions { Enabled = true };
            var probeFolder = ProbeSandbox.WriteWrapper(sandbox, Path.Combine(Path.GetTempPath(), "renderfarm-sandbox"));
            var plain = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions());
            var sandboxed = new RenderEngine(new FfmpegRunner(sandbox: sandbox), new RenderEngineOptions());
            var unsandboxedTimes = new List<RenderReport>();
            var sandboxedTimes = new List<RenderReport>();
            var output = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.out");
            var probeFolderBefore = GlobalFFOptions.Current.BinaryFolder;
            try
            {
                for (var round = 0; round < result.GetValue(rounds); round++)
                {
                    // Each goes first every other round, so that neither always meets a warmer or busier machine.
                    foreach (var boxed in round % 2 == 0 ? new[] { false, true } : [true, false])
                    {
                        GlobalFFOptions.Configure(options => options.BinaryFolder = boxed ? probeFolder : probeFolderBefore);
                        (boxed ? sandboxedTimes : unsandboxedTimes).Add(await (boxed ? sandboxed : plain).RenderAsync(resolved, ranges, output, cancellationToken: cancellationToken));
                    }
                    AnsiConsole.MarkupLineInterpolated(
                        $"round {round + 1}: unsandboxed {unsandboxedTimes[^1].TotalTime.TotalSeconds:0.00} s, sandboxed {sandboxedTimes[^1].TotalTime.TotalSeconds:0.00} s");
                }
            }
            finally
            {
                GlobalFFOptions.Configure(options => options.BinaryFolder = probeFolderBefore);
                File.Delete(output);
            }
            Write(ranges.Count, unsandboxedTimes, sandboxedTimes);
            return 0;
        });
        return command;
    }

    private static void Write(int chunks, List<RenderReport> unsandboxed, List<RenderReport> sandboxed)
    {
        var table = new Table().AddColumns("measure (median s)", "unsandboxed", "sandboxed", "sandboxed / unsandboxed");
        foreach (var (name, of) in new (string, Func<RenderReport, TimeSpan>)[]
                 {
                     ($"{chunks} chunks", r => r.ChunkTime), ("sound", r => r.AudioTime), ("merge", r => r.MergeTime), ("total", r => r.TotalTime),
                 })
        {
            var plain = Median(unsandboxed.Select(r => of(r).TotalSeconds));
            var boxed = Median(sandboxed.Select(r => of(r).TotalSeconds));
            table.AddRow(name, F(plain), F(boxed), F(boxed / plain));
        }
        // Pairs of the same round saw the same machine: their ratio is steadier than a ratio of medians.
        table.AddRow("total, median of each round's ratio", "", "", F(Median(unsandboxed.Zip(sandboxed, (u, s) => s.TotalTime / u.TotalTime))));
        AnsiConsole.Write(table);
    }
}
