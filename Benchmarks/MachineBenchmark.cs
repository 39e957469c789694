using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Timelines;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-machine TIMELINE</c>: one machine, end to end. The timeline in N chunks through the
/// embedded farm on the node's default slots (the machine's, <see cref="RenderSlotRule"/>) against one
/// ffmpeg run of the whole timeline (the render engine: the sound, the timeline as one chunk with every
/// core's threads, the merge), alternating, wall time from submit to the verified file.
/// </summary>
internal static class MachineBenchmark
{
    public static Command Create()
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file." };
        var assets = new Option<DirectoryInfo?>("--assets", "-a") { Description = "Assets root (default: the timeline's folder)." };
        var chunks = new Option<int[]>("--chunks", "-c")
        {
            Description = "Chunk counts of the farm's runs, each compared with the single run.",
            DefaultValueFactory = _ => [4, 8],
            AllowMultipleArgumentsPerToken = true,
        };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Alternating rounds (single run, then the farm at each chunk count).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench-machine", "Measure the farm on this machine's default slots against one ffmpeg run of the whole timeline.") { timeline, assets, chunks, rounds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(timeline)!;
            var root = result.GetValue(assets)?.FullName ?? file.DirectoryName!;
            var resolved = await TimelineLoader.LoadAsync(file.FullName, root, cancellationToken);
            var counts = result.GetValue(chunks)!;
            var store = Path.Combine(Path.GetTempPath(), $"bench-machine-{Guid.NewGuid():N}");
            var machine = RenderSlotRule.ThisMachine;
            var singleTimes = new List<double>();
            var farmTimes = counts.ToDictionary(c => c, _ => new List<double>());
            try
            {
                await using var farm = await EmbeddedRenderFarm.StartAsync(new EmbeddedFarmOptions { AssetsRoot = root, StoreRoot = store }, cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"{machine.Cores} cores: the farm's node has {machine.Slots} slot(s) of {machine.ThreadsPerSlot} thread(s); the single run encodes with {RenderSlotRule.ThreadsPerSlotFor(machine.Cores, 1)}");
                for (var round = 0; round < result.GetValue(rounds); round++)
                {
                    singleTimes.Add(await SingleRunAsync(resolved, store, cancellationToken));
                    var line = $"round {round + 1}: single run {F(singleTimes[^1])} s";
                    foreach (var count in counts)
                    {
                        farmTimes[count].Add(await FarmAsync(farm.Farm, resolved.Timeline, count, cancellationToken));
                        line += $", {count} chunks {F(farmTimes[count][^1])} s";
                    }
                    AnsiConsole.WriteLine(line);
                }
            }
            finally
            {
                if (Directory.Exists(store))
                    Directory.Delete(store, recursive: true);
            }
            var single = Median(singleTimes);
            var table = new Table().AddColumns("run", "median s", "range s", "/ single run");
            table.AddRow("single ffmpeg run", F(single), Range(singleTimes), "1.00");
            foreach (var count in counts)
            {
                var times = farmTimes[count];
                table.AddRow($"farm, {count} chunks on {machine.Slots} slot(s)", F(Median(times)), Range(times), Median(times) / single is var ratio ? ratio.ToString("0.000", CultureInfo.InvariantCulture) : "");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static string Range(List<double> times) => $"{F(times.Min())}–{F(times.Max())}";

    /// <summary>The sound, the whole timeline as one chunk on every core, the merge: what one ffmpeg render of it costs, verified as the farm's output is.</summary>
    private static async Task<double> SingleRunAsync(ResolvedTimeline timeline, string store, CancellationToken cancellationToken)
    {
        var output = Path.Combine(store, $"single-{Guid.NewGuid():N}.mp4");
        var threads = RenderSlotRule.ThreadsPerSlotFor(Environment.ProcessorCount, slots: 1);
        var whole = ChunkPlanner.Plan(timeline.Timeline, new ChunkingOptions { ChunkCount = 1 });
        var clock = Stopwatch.StartNew();
        await new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = Path.Combine(store, "single-work") }, threads)
            .RenderAsync(timeline, whole, output, cancellationToken: cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(output);
        return seconds;
    }

    private static async Task<double> FarmAsync(IRenderFarm farm, Timeline timeline, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var job = await farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = count }, cancellationToken);
        JobProgress? last = null;
        await foreach (var update in farm.WatchJobAsync(job.JobId, cancellationToken))
            last = update;
        var seconds = clock.Elapsed.TotalSeconds;
        if (last?.State != JobState.Completed)
            throw new InvalidOperationException($"the farm's job ended {last?.State} with {last?.ChunksTotal} chunk(s): {last?.Error}");
        var status = await farm.GetJobStatusAsync(job.JobId, cancellationToken);
        if (status.OutputPath is { } path && File.Exists(path))
            File.Delete(path);
        return seconds;
    }
}
