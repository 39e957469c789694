using System.CommandLine;
using System.Diagnostics;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Timelines;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-farm TIMELINE</c>: the cost of Orleans, scheduling, progress and verification. The same
/// chunks are rendered by the embedded farm (one silo, one render slot) and by the render engine alone
/// (one after another, then the sound and the merge), alternating, and the wall times compared.
/// </summary>
internal static class OrchestrationBenchmark
{
    public static Command Create()
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file." };
        var assets = new Option<DirectoryInfo?>("--assets", "-a") { Description = "Assets root (default: the timeline's folder)." };
        var chunks = new Option<int>("--chunks", "-c") { Description = "Chunk count.", DefaultValueFactory = _ => 7 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Alternating rounds (engine, farm).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench-farm", "Measure the farm's overhead against the render engine alone.") { timeline, assets, chunks, rounds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(timeline)!;
            var root = result.GetValue(assets)?.FullName ?? file.DirectoryName!;
            var resolved = await TimelineLoader.LoadAsync(file.FullName, root, cancellationToken);
            var count = result.GetValue(chunks);
            var plan = ChunkPlanner.Plan(resolved.Timeline, new ChunkingOptions { ChunkCount = count });
            var store = Path.Combine(Path.GetTempPath(), $"bench-farm-{Guid.NewGuid():N}");
            var engineTimes = new List<double>();
            var farmTimes = new List<double>();
            try
            {
                await using var farm = await EmbeddedRenderFarm.StartAsync(new EmbeddedFarmOptions { AssetsRoot = root, StoreRoot = store, RenderSlots = 1 }, cancellationToken);
                for (var round = 0; round < result.GetValue(rounds); round++)
                {
                    engineTimes.Add(await EngineAsync(resolved, plan, store, cancellationToken));
                    farmTimes.Add(await FarmAsync(farm.Farm, resolved.Timeline, count, plan.Count, cancellationToken));
                    AnsiConsole.MarkupLineInterpolated($"round {round + 1}: engine {engineTimes[^1]:0.00} s, farm {farmTimes[^1]:0.00} s");
                }
            }
            finally
            {
                if (Directory.Exists(store))
                    Directory.Delete(store, recursive: true);
            }
            var table = new Table().AddColumns("measure", "value");
            table.AddRow("chunks", plan.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow("engine alone, median s", F(Median(engineTimes)));
            table.AddRow("farm, median s", F(Median(farmTimes)));
            table.AddRow("overhead (farm / engine - 1)", P(Median(farmTimes) / Median(engineTimes) - 1));
            // Each round's pair ran back to back on the same machine: the median of their ratios is less moved by a slow round.
            table.AddRow("overhead, median of the rounds' ratios", P(Median(farmTimes.Zip(engineTimes, (farm, engine) => farm / engine)) - 1));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static async Task<double> EngineAsync(ResolvedTimeline timeline, IReadOnlyList<FrameRange> plan, string store, CancellationToken cancellationToken)
    {
        var output = Path.Combine(store, $"engine-{Guid.NewGuid():N}.mp4");
        var clock = Stopwatch.StartNew();
        // The threads the farm's one slot gets, so that both render the same way.
        var threads = RenderSlotRule.ThreadsPerSlotFor(Environment.ProcessorCount, slots: 1);
        await new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = Path.Combine(store, "engine-work") }, threads)
            .RenderAsync(timeline, plan, output, cancellationToken: cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(output);
        return seconds;
    }

    private static async Task<double> FarmAsync(IRenderFarm farm, Timeline timeline, int count, int expectedChunks, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var job = await farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = count }, cancellationToken);
        JobProgress? last = null;
        await foreach (var update in farm.WatchJobAsync(job.JobId, cancellationToken))
            last = update;
        var seconds = clock.Elapsed.TotalSeconds;
        if (last?.State != JobState.Completed || last.ChunksTotal != expectedChunks)
            throw new InvalidOperationException($"the farm's job ended {last?.State} with {last?.ChunksTotal} chunk(s): {last?.Error}");
        return seconds;
    }
}
