using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Timelines;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-scheduler</c>: chunk dispatch→complete cycles per second through the real grains (job,
/// scheduler, chunk, render worker) with a renderer that completes at once and many render slots. With
/// <c>--database</c>, a farm of <c>--silos</c> silos on PostgreSQL is measured beside the in-memory
/// one-silo farm, rounds alternating between the two. With <c>--meter</c>, the in-memory farm is
/// measured with and without the farm's and Orleans' meters collected (an OpenTelemetry meter provider
/// reading them every second, as a Prometheus scrape would), rounds alternating.
/// </summary>
internal static class SchedulerBenchmark
{
    private const int FramesPerChunk = 24;
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(3);

    public static Command Create()
    {
        var jobs = new Option<int>("--jobs", "-j") { Description = "Jobs submitted at once.", DefaultValueFactory = _ => 20 };
        var chunks = new Option<int>("--chunks", "-c") { Description = "Chunks per job.", DefaultValueFactory = _ => 500 };
        var slots = new Option<int>("--slots", "-s") { Description = "Simulated render slots of each silo.", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Measured rounds (after one warm-up).", DefaultValueFactory = _ => 3 };
        var database = new Option<string?>("--database") { Description = "Also measure a farm on this PostgreSQL database (Npgsql connection string, deploy/sql applied), beside the in-memory one." };
        var silos = new Option<int>("--silos") { Description = "Silos of the PostgreSQL farm, all in this process.", DefaultValueFactory = _ => 3 };
        var meter = new Option<bool>("--meter") { Description = "Measure the in-memory farm with and without its metrics collected, instead of beside PostgreSQL." };
        var meters = new Option<string[]>("--meters") { Description = "With --meter: the meters collected.", DefaultValueFactory = _ => MetricsCollection.FarmMeters };
        var command = new Command("bench-scheduler", "Measure chunk dispatch→complete cycles per second with a renderer that finishes at once.") { jobs, chunks, slots, rounds, database, silos, meter, meters };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = Path.Combine(Path.GetTempPath(), $"bench-scheduler-{Guid.NewGuid():N}");
            var connection = result.GetValue(database);
            var farms = new List<(string Name, IRenderFarm Farm, List<double> Rates, Func<IDisposable?> During)>();
            var writes = new StorageWriteStats();
            try
            {
                await using var embedded = await EmbeddedRenderFarm.StartAsync(new EmbeddedFarmOptions
                {
                    AssetsRoot = store,
                    StoreRoot = store,
                    RenderSlots = result.GetValue(slots),
                    ConfigureServices = services => services.AddSingleton<IRenderExecutor, InstantRenderExecutor>(),
                }, cancellationToken);
                farms.Add(("in memory, 1 silo", embedded.Farm, [], () => null));
                if (result.GetValue(meter))
                    farms.Add(("in memory, 1 silo, metrics collected every 1 s", embedded.Farm, [], () => MetricsCollection.Start(result.GetValue(meters)!)));
                await using var cluster = connection is null ? null : await BenchmarkCluster.StartAsync(new BenchmarkClusterOptions
                {
                    Silos = result.GetValue(silos),
                    SlotsPerSilo = result.GetValue(slots),
                    Database = connection,
                    StoreRoot = store,
                    ConfigureServices = services =>
                    {
                        services.AddSingleton<IRenderExecutor, InstantRenderExecutor>();
                        TimedGrainStorage.Wrap(services, RenderFarmNames.Storage, writes);
                    },
                }, cancellationToken);
                if (cluster is not null)
                    farms.Add(($"PostgreSQL, {result.GetValue(silos)} silos", cluster.Farm, [], () => null));
                for (var round = 0; round <= result.GetValue(rounds); round++)
                {
                    foreach (var (name, farm, rates, during) in farms)
                    {
                        writes.Take();
                        double rate;
                        using (during())
                            rate = await RoundAsync(farm, result.GetValue(jobs), result.GetValue(chunks), cancellationToken);
                        if (round > 0)
                            rates.Add(rate);
                        AnsiConsole.MarkupLineInterpolated($"{(round == 0 ? "warm-up" : $"round {round}")}, {name}: {rate:0} chunk cycles/s{WritesOf(writes.Take(), result.GetValue(jobs) * result.GetValue(chunks))}");
                    }
                }
            }
            finally
            {
                if (Directory.Exists(store))
                    Directory.Delete(store, recursive: true);
            }
            foreach (var (name, _, rates, _) in farms)
                AnsiConsole.MarkupLineInterpolated($"median, {name}: {F(Median(rates))} chunk dispatch→complete cycles per second");
            if (farms.Count > 1)
            {
                AnsiConsole.MarkupLineInterpolated($"{farms[1].Name} / {farms[0].Name}: {F(Median(farms[1].Rates) / Median(farms[0].Rates))}");
                // Each round's pair ran back to back: the median of their ratios is less moved by the warm-up and a slow round.
                AnsiConsole.MarkupLineInterpolated($"median of the rounds' ratios: {Median(farms[1].Rates.Zip(farms[0].Rates, (b, a) => b / a)):0.000}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The PostgreSQL farm's grain state writes of a round, per grain type: how many per chunk, and their mean time.</summary>
    private static string WritesOf(Dictionary<string, (long Count, double Milliseconds)> writes, int chunks) =>
        string.Concat(writes.OrderByDescending(w => w.Value.Count).Select(w =>
            $"; {w.Key}: {(double)w.Value.Count / chunks:0.00} writes per chunk, {w.Value.Milliseconds / w.Value.Count:0.0} ms each"));

    private static async Task<double> RoundAsync(IRenderFarm farm, int jobCount, int chunksPerJob, CancellationToken cancellationToken)
    {
        var timeline = Timelines.ColourOnly(chunksPerJob * FramesPerChunk);
        var clock = Stopwatch.StartNew();
        var submitted = await Task.WhenAll(Enumerable.Range(0, jobCount).Select(_ =>
            farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = chunksPerJob }, cancellationToken)));
        foreach (var job in submitted)
        {
            while (!(await farm.GetJobStatusAsync(job.JobId, cancellationToken)).State.IsTerminal())
            {
                if (clock.Elapsed > RoundTimeout)
                    throw new TimeoutException($"job {job.JobId} had not ended after {RoundTimeout.TotalMinutes:0} min");
                await Task.Delay(20, cancellationToken);
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var job in submitted)
        {
            var status = await farm.GetJobStatusAsync(job.JobId, cancellationToken);
            if (status.State != JobState.Completed || status.Chunks.Count != chunksPerJob)
                throw new InvalidOperationException($"job {job.JobId} ended {status.State} with {status.Chunks.Count} chunk(s): {status.Error}");
        }
        return jobCount * chunksPerJob / seconds;
    }
}
