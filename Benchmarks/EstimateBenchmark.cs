using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Chunks;
using RenderFarm.Client;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;
using Timeline = RenderFarm.Timelines.Timeline;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-estimate</c>: how close estimates come. An embedded farm on this machine's default slots,
/// priced as a cloud machine, first renders timelines of plain cuts and a few overlays (720p and 1080p),
/// which calibrate its cost model; then estimates timelines unlike them (a talking head, heavy
/// picture-in-picture, titles only) and renders them, comparing each estimate with what the render took
/// and cost, attempt by attempt as the job recorded them.
/// </summary>
internal static class EstimateBenchmark
{
    private const string Instance = "aws/us-east-1/g4dn.xlarge/on-demand";

    /// <summary>
    /// Calibration jobs cut into 2 to 6 chunks (taken in turn): chunks of many lengths, so that a chunk's
    /// fixed cost and its per-frame cost can be told apart, and more samples, each of a different mix of clips.
    /// </summary>
    private static readonly int[] CalibrationChunks = [2, 5, 3, 6];

    public static Command Create()
    {
        var assets = new Option<DirectoryInfo>("--assets", "-a") { Description = "The sample media (samples/make-media.sh).", DefaultValueFactory = _ => new DirectoryInfo("samples/media") };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Rounds, each calibrating afresh, then estimating and rendering every unseen timeline.", DefaultValueFactory = _ => 3 };
        var command = new Command("bench-estimate", "Calibrate the cost model by rendering some timelines, then estimate and render others and report the estimates' errors.") { assets, rounds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var root = result.GetValue(assets)!.FullName;
            var store = Path.Combine(Path.GetTempPath(), $"bench-estimate-{Guid.NewGuid():N}");
            var rows = new List<(string Name, CostEstimate Estimate, Actual Actual, double EstimateMs)>();
            GrainsOfTheSilo? grains = null;
            try
            {
                await using var farm = await EmbeddedRenderFarm.StartAsync(new EmbeddedFarmOptions
                {
                    AssetsRoot = root,
                    StoreRoot = store,
                    ConfigureServices = services =>
                    {
                        services.Configure<CostOptions>(c => c.Instance = Instance);
                        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => grains = new GrainsOfTheSilo(provider.GetRequiredService<IGrainFactory>()));
                    },
                }, cancellationToken);
                var pool = grains!.Factory.GetGrain<ICostModelGrain>(RenderFarmNames.DefaultPool);
                for (var round = 0; round < result.GetValue(rounds); round++)
                {
                    // Each round calibrates afresh just before it estimates, so that both see the machine as it is then
                    // (a shared machine's speed drifts by more than the model's error between minutes).
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // the last round's reports, one-way, arrive first
                    await pool.ResetAsync();
                    AnsiConsole.MarkupLineInterpolated($"[bold]round {round + 1}: calibration[/] ({Instance}, {EmbeddedFarmOptions.MachineRenderSlots} slot(s), {string.Join("/", CalibrationChunks)} chunks)");
                    foreach (var ((name, timeline), index) in EstimateTimelines.Calibration.Select((c, i) => (c, i)))
                    {
                        var actual = await RenderAsync(farm.Farm, timeline, CalibrationChunks[index % CalibrationChunks.Length], cancellationToken);
                        AnsiConsole.WriteLine($"  {name}: {F(actual.MachineSeconds)} s of slot time, {F(actual.WallSeconds)} s wall");
                    }
                    // The last job's attempts reach the model with its end; the model stores them before it answers.
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    var model = await pool.GetModelAsync();
                    AnsiConsole.WriteLine("  fitted: " + string.Join(", ", WorkFeatures.Names.Select((n, i) => $"{n} {model.Coefficients[i]:0.#####} ({model.Coefficients[i] / CostModel.DefaultCoefficients[i]:0.00}x)")));

                    // Every unseen timeline is estimated before any of them renders: none calibrates another's estimate.
                    var estimates = new List<(string Name, Timeline Timeline, CostEstimate Estimate, double Ms)>();
                    foreach (var (name, timeline) in EstimateTimelines.Unseen)
                    {
                        var clock = Stopwatch.StartNew();
                        var estimate = await farm.Farm.EstimateCostAsync(timeline, cancellationToken: cancellationToken);
                        estimates.Add((name, timeline, estimate, clock.Elapsed.TotalMilliseconds));
                    }
                    AnsiConsole.MarkupLineInterpolated($"[bold]round {round + 1}[/]: estimated with {estimates[0].Estimate.CalibrationSamples} calibration samples, model error ±{P(estimates[0].Estimate.Uncertainty)}");
                    var fitted = CostModel.From(model);
                    var fps = (await farm.Farm.GetClusterStatusAsync(cancellationToken)).Nodes[0].Info.Capabilities.BenchmarkFps;
                    foreach (var (name, timeline, estimate, ms) in estimates)
                    {
                        var actual = await RenderAsync(farm.Farm, timeline, chunks: null, cancellationToken);
                        rows.Add((name, estimate, actual, ms));
                        var resolved = await TimelineLoader.ResolveAsync(timeline, root, cancellationToken);
                        var chunks = ChunkPlanner.Plan(timeline, new ChunkingOptions { ChunkCount = estimate.Chunks });
                        var expected = (
                            Chunks: chunks.Sum(r => fitted.Seconds(WorkFeatureCounter.ForChunk(resolved, r), fps)),
                            Sound: fitted.Seconds(WorkFeatureCounter.ForSound(resolved), fps),
                            Merge: fitted.Seconds(WorkFeatureCounter.ForMerge(resolved), fps));
                        AnsiConsole.WriteLine($"  {name}: estimated {F(estimate.RenderTime.TotalSeconds)} s, took {F(actual.MachineSeconds)} s " +
                                              $"(chunks {F(expected.Chunks)} / {F(actual.ByKind[WorkKind.Chunk])}, sound {F(expected.Sound)} / {F(actual.ByKind[WorkKind.Sound])}, merge {F(expected.Merge)} / {F(actual.ByKind[WorkKind.Merge])} s)");
                    }
                }
            }
            finally
            {
                if (Directory.Exists(store))
                    Directory.Delete(store, recursive: true);
            }
            Report(rows);
            return 0;
        });
        return command;
    }

    private static void Report(List<(string Name, CostEstimate Estimate, Actual Actual, double EstimateMs)> rows)
    {
        var table = new Table().AddColumns("unseen timeline", "slot time est. / actual", "error", "wall est. / actual", "error", "cost est. / actual (USD)", "error", "in range", "estimate took");
        foreach (var (name, estimate, actual, ms) in rows)
        {
            var cost = (double)estimate.Cost;
            table.AddRow(name,
                $"{F(estimate.RenderTime.TotalSeconds)} / {F(actual.MachineSeconds)} s", Error(estimate.RenderTime.TotalSeconds, actual.MachineSeconds),
                $"{F(estimate.WallTime.TotalSeconds)} / {F(actual.WallSeconds)} s", Error(estimate.WallTime.TotalSeconds, actual.WallSeconds),
                $"{estimate.Cost:0.000000} / {actual.Cost:0.000000}", Error(cost, (double)actual.Cost),
                estimate.OnDemand.CostLow <= actual.Cost && actual.Cost <= estimate.OnDemand.CostHigh ? "yes" : "no",
                $"{ms.ToString("0", CultureInfo.InvariantCulture)} ms");
        }
        AnsiConsole.Write(table);
        var errors = rows.Select(r => Math.Abs((double)r.Estimate.Cost / (double)r.Actual.Cost - 1)).ToList();
        AnsiConsole.WriteLine($"cost error: median {P(Median(errors))}, largest {P(errors.Max())} (goal ±10 %, aim ±5 %); " +
                              $"within the estimate's own range: {rows.Count(r => r.Estimate.OnDemand.CostLow <= r.Actual.Cost && r.Actual.Cost <= r.Estimate.OnDemand.CostHigh)} of {rows.Count}");
        foreach (var group in rows.GroupBy(r => r.Name))
        {
            var each = group.Select(r => (double)r.Estimate.Cost / (double)r.Actual.Cost - 1).ToList();
            AnsiConsole.WriteLine($"  {group.Key}: median cost error {Error(1 + Median(each), 1)} over {each.Count} round(s)");
        }
    }

    private static string Error(double estimate, double actual) => (estimate / actual - 1).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture);

    /// <summary>What a job took: every attempt's slot time and its price as the job recorded them, and first start to last end.</summary>
    private sealed record Actual(double MachineSeconds, double WallSeconds, decimal Cost, IReadOnlyDictionary<WorkKind, double> ByKind);

    private static async Task<Actual> RenderAsync(IRenderFarm farm, Timeline timeline, int? chunks, CancellationToken cancellationToken)
    {
        var job = await farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = chunks }, cancellationToken);
        JobProgress? last = null;
        await foreach (var update in farm.WatchJobAsync(job.JobId, cancellationToken))
            last = update;
        if (last?.State != JobState.Completed)
            throw new InvalidOperationException($"the job ended {last?.State}: {last?.Error}");
        var status = await farm.GetJobStatusAsync(job.JobId, cancellationToken);
        var attempts = status.Chunks.Concat([status.Sound!, status.Merge!]).SelectMany(p => p.History).Where(a => a.EndedAt is not null).ToList();
        var seconds = attempts.Sum(Seconds);
        var cost = attempts.Sum(a => (decimal)Seconds(a) * (a.Host?.Price.HourlySlotPrice ?? 0) / 3600m);
        var wall = (attempts.Max(a => a.EndedAt!.Value) - attempts.Min(a => a.StartedAt)).TotalSeconds;
        if (status.OutputPath is { } path && File.Exists(path))
            File.Delete(path);
        var byKind = status.Chunks.Concat([status.Sound!, status.Merge!])
            .GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.SelectMany(p => p.History).Where(a => a.EndedAt is not null).Sum(Seconds));
        return new Actual(seconds, wall, cost, byKind);
    }

    /// <summary>The embedded silo's grain factory, caught as the silo starts, to read the cost model the benchmark calibrated.</summary>
    private sealed class GrainsOfTheSilo(IGrainFactory factory) : ILifecycleParticipant<ISiloLifecycle>
    {
        public IGrainFactory Factory { get; } = factory;

        public void Participate(ISiloLifecycle lifecycle)
        {
        }
    }

    private static double Seconds(AttemptRecord attempt) => (attempt.EndedAt!.Value - attempt.StartedAt).TotalSeconds;
}
