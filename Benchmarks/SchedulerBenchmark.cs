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
/// scheduler, chunk, render worker) with a renderer that completes at once and many render slots.
/// </summary>
internal static class SchedulerBenchmark
{
    private const int FramesPerChunk = 24;

    public static Command Create()
    {
        var jobs = new Option<int>("--jobs", "-j") { Description = "Jobs submitted at once.", DefaultValueFactory = _ => 20 };
        var chunks = new Option<int>("--chunks", "-c") { Description = "Chunks per job.", DefaultValueFactory = _ => 500 };
        var slots = new Option<int>("--slots", "-s") { Description = "Simulated render slots.", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Measured rounds (after one warm-up).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench-scheduler", "Measure chunk dispatch→complete cycles per second with a renderer that finishes at once.") { jobs, chunks, slots, rounds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = Path.Combine(Path.GetTempPath(), $"bench-scheduler-{Guid.NewGuid():N}");
            var rates = new List<double>();
            try
            {
                await using var farm = await EmbeddedRenderFarm.StartAsync(new EmbeddedFarmOptions
                {
                    AssetsRoot = store,
                    StoreRoot = store,
                    RenderSlots = result.GetValue(slots),
                    ConfigureServices = services => services.AddSingleton<IRenderExecutor, InstantRenderExecutor>(),
                }, cancellationToken);
                for (var round = 0; round <= result.GetValue(rounds); round++)
                {
                    var rate = await RoundAsync(farm.Farm, result.GetValue(jobs), result.GetValue(chunks), cancellationToken);
                    if (round > 0)
                        rates.Add(rate);
                    AnsiConsole.MarkupLineInterpolated($"{(round == 0 ? "warm-up" : $"round {round}")}: {rate:0} chunk cycles/s");
                }
            }
            finally
            {
                if (Directory.Exists(store))
                    Directory.Delete(store, recursive: true);
            }
            AnsiConsole.MarkupLineInterpolated($"median: {F(Median(rates))} chunk dispatch→complete cycles per second");
            return 0;
        });
        return command;
    }

    private static async Task<double> RoundAsync(IRenderFarm farm, int jobCount, int chunksPerJob, CancellationToken cancellationToken)
    {
        var timeline = ColourOnly(chunksPerJob * FramesPerChunk);
        var clock = Stopwatch.StartNew();
        var submitted = await Task.WhenAll(Enumerable.Range(0, jobCount).Select(_ =>
            farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = chunksPerJob }, cancellationToken)));
        foreach (var job in submitted)
        {
            while (!(await farm.GetJobStatusAsync(job.JobId, cancellationToken)).State.IsTerminal())
                await Task.Delay(20, cancellationToken);
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

    /// <summary>A timeline with no media to probe: the benchmark measures the farm, not ffprobe.</summary>
    private static Timeline ColourOnly(int frames) => new()
    {
        Version = Timeline.CurrentVersion,
        Output = new OutputSpec { Width = 320, Height = 180, FrameRate = new Rational(24, 1), DurationFrames = frames },
        VideoTracks = [new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Color, Color = "#336699", Start = 0, Duration = frames }] }],
    };
}
