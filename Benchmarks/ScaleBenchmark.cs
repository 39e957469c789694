using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Timelines;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-scale</c>: many simulated render nodes in this process (silos whose renderer takes a fixed
/// time per frame, <see cref="TimedRenderExecutor"/>). First one job of many chunks: its makespan, from
/// submit to completed, against the ideal (the chunks' total render time ÷ nodes). Then a deep queue
/// (many jobs of many chunks, every node busy): the time from submitting an urgent job to the dispatch
/// of its first chunk, read from the scheduler's recent dispatches.
/// </summary>
internal static class ScaleBenchmark
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DispatchTimeout = TimeSpan.FromSeconds(60);
    private const int SubmitsAtOnce = 8;

    public static Command Create()
    {
        var nodes = new Option<int>("--nodes", "-n") { Description = "Simulated render nodes (render slots in all).", DefaultValueFactory = _ => 16 };
        var silos = new Option<int?>("--silos") { Description = "Silos the nodes are spread over, each with nodes ÷ silos slots (default: one silo per node)." };
        var chunks = new Option<int>("--chunks", "-c") { Description = "Chunks of the one job (default: 10 per node)." };
        var frames = new Option<int>("--frames-per-chunk") { Description = "Frames of each chunk.", DefaultValueFactory = _ => 24 };
        var perFrame = new Option<double>("--ms-per-frame") { Description = "Simulated render time of a frame, in milliseconds.", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Measured makespan rounds (after one warm-up).", DefaultValueFactory = _ => 3 };
        var queuedJobs = new Option<int>("--queued-jobs") { Description = "Jobs queued before the urgent ones (0: skip that part).", DefaultValueFactory = _ => 1000 };
        var queuedChunks = new Option<int>("--queued-chunks") { Description = "Chunks of each queued job.", DefaultValueFactory = _ => 100 };
        var urgent = new Option<int>("--urgent") { Description = "Urgent jobs submitted one after another into the deep queue.", DefaultValueFactory = _ => 5 };
        var command = new Command("bench-scale", "Measure a job's makespan on many simulated nodes against the ideal, and an urgent job's wait behind a deep queue.")
        {
            nodes, silos, chunks, frames, perFrame, rounds, queuedJobs, queuedChunks, urgent,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var nodeCount = result.GetValue(nodes);
            var siloCount = result.GetValue(silos) ?? nodeCount;
            if (siloCount < 1 || nodeCount % siloCount != 0)
                throw new ArgumentException($"--nodes ({nodeCount}) must be a multiple of --silos ({siloCount})");
            if (result.GetValue(rounds) < 1)
                throw new ArgumentException("--rounds must be at least 1");
            var framesPerChunk = result.GetValue(frames);
            if (framesPerChunk < ChunkingOptions.DefaultMinimumFrames)
                throw new ArgumentException($"--frames-per-chunk must be at least {ChunkingOptions.DefaultMinimumFrames}, the shortest chunk a job is cut into");
            var msPerFrame = result.GetValue(perFrame);
            var chunkCount = result.GetValue(chunks) is > 0 and var c ? c : nodeCount * 10;
            var store = Path.Combine(Path.GetTempPath(), $"bench-scale-{Guid.NewGuid():N}");
            try
            {
                var clock = Stopwatch.StartNew();
                await using var cluster = await BenchmarkCluster.StartAsync(new BenchmarkClusterOptions
                {
                    Silos = siloCount,
                    SlotsPerSilo = nodeCount / siloCount,
                    StoreRoot = store,
                    MinimumLogLevel = LogLevel.Error,
                    ConfigureServices = services => services.AddSingleton<IRenderExecutor>(new TimedRenderExecutor(TimeSpan.FromMilliseconds(msPerFrame))),
                }, cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"{siloCount} silo(s) of {nodeCount / siloCount} slot(s) up in {clock.Elapsed.TotalSeconds:0.0} s; {Environment.WorkingSet / (1 << 20)} MiB in use");

                await MakespanAsync(cluster.Farm, nodeCount, chunkCount, framesPerChunk, msPerFrame, result.GetValue(rounds), cancellationToken);
                if (result.GetValue(queuedJobs) > 0)
                    await UrgentAsync(cluster, result.GetValue(queuedJobs), result.GetValue(queuedChunks), framesPerChunk, result.GetValue(urgent), cancellationToken);
            }
            finally
            {
                if (Directory.Exists(store))
                    Directory.Delete(store, recursive: true);
            }
            return 0;
        });
        return command;
    }

    private static async Task MakespanAsync(IRenderFarm farm, int nodes, int chunks, int framesPerChunk, double msPerFrame, int rounds, CancellationToken cancellationToken)
    {
        var ideal = chunks * framesPerChunk * msPerFrame / 1000 / nodes;
        var makespans = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var seconds = await RunJobAsync(farm, Timelines.ColourOnly(chunks * framesPerChunk), chunks, cancellationToken);
            if (round > 0)
                makespans.Add(seconds);
            AnsiConsole.MarkupLineInterpolated($"{(round == 0 ? "warm-up" : $"round {round}")}: makespan {seconds:0.00} s, ideal {ideal:0.00} s, efficiency {P(ideal / seconds)}");
        }
        var median = Median(makespans);
        var table = new Table().AddColumns("measure", "value");
        table.AddRow("simulated nodes", nodes.ToString(CultureInfo.InvariantCulture));
        table.AddRow("job", $"{chunks} chunks of {framesPerChunk} frames, {F(framesPerChunk * msPerFrame / 1000)} s each");
        table.AddRow("ideal (total work ÷ nodes) s", F(ideal));
        table.AddRow("makespan, median s", F(median));
        table.AddRow("makespan range s", $"{F(makespans.Min())}–{F(makespans.Max())}");
        table.AddRow("efficiency (ideal ÷ makespan)", P(ideal / median));
        AnsiConsole.Write(table);
    }

    private static async Task<double> RunJobAsync(IRenderFarm farm, Timeline timeline, int chunks, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(JobTimeout);
        var clock = Stopwatch.StartNew();
        var job = await farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = chunks }, timeout.Token);
        JobProgress? last = null;
        await foreach (var update in farm.WatchJobAsync(job.JobId, timeout.Token))
            last = update;
        var seconds = clock.Elapsed.TotalSeconds;
        if (last?.State != JobState.Completed || last.ChunksTotal != chunks)
            throw new InvalidOperationException($"job {job.JobId} ended {last?.State} with {last?.ChunksTotal} chunk(s): {last?.Error}");
        return seconds;
    }

    private static async Task UrgentAsync(BenchmarkCluster cluster, int jobs, int chunksPerJob, int framesPerChunk, int samples, CancellationToken cancellationToken)
    {
        var farm = cluster.Farm;
        var timeline = Timelines.ColourOnly(chunksPerJob * framesPerChunk);
        var clock = Stopwatch.StartNew();
        var queued = new List<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs), new ParallelOptions { MaxDegreeOfParallelism = SubmitsAtOnce, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var job = await farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = chunksPerJob, Name = $"queued-{i}" }, ct);
            lock (queued)
                queued.Add(job.JobId);
        });
        var submitted = clock.Elapsed.TotalSeconds;
        // Every job's orders in the scheduler's queue (the first ones already running).
        var snapshot = await cluster.Scheduler.GetSnapshotAsync();
        while (snapshot.ActiveJobs < jobs || snapshot.Queued + snapshot.DispatchedTotal < (long)jobs * chunksPerJob)
        {
            if (clock.Elapsed > QueueTimeout)
                throw new TimeoutException($"after {QueueTimeout.TotalMinutes:0} min the scheduler had {snapshot.ActiveJobs} of {jobs} jobs and {snapshot.Queued} queued orders");
            await Task.Delay(200, cancellationToken);
            snapshot = await cluster.Scheduler.GetSnapshotAsync();
        }
        AnsiConsole.MarkupLineInterpolated($"{jobs} jobs of {chunksPerJob} chunks submitted in {submitted:0.0} s, all queued after {clock.Elapsed.TotalSeconds:0.0} s: {snapshot.Queued:N0} orders queued, {snapshot.Running} running");

        var latencies = new List<double>();
        var rows = new List<string[]>();
        for (var sample = 0; sample < samples; sample++)
        {
            var before = await cluster.Scheduler.GetSnapshotAsync();
            var submittedAt = DateTimeOffset.UtcNow;
            var call = Stopwatch.StartNew();
            var job = await farm.SubmitJobAsync(Timelines.ColourOnly(10 * framesPerChunk), new JobOptions { ChunkCount = 10, Priority = JobPriority.Urgent, Name = $"urgent-{sample}" }, cancellationToken);
            var accepted = call.Elapsed.TotalMilliseconds;
            var first = await FirstDispatchAsync(cluster, job.JobId, cancellationToken);
            var latency = (first.At - submittedAt).TotalMilliseconds;
            latencies.Add(latency);
            rows.Add([(sample + 1).ToString(CultureInfo.InvariantCulture), before.Queued.ToString("N0", CultureInfo.InvariantCulture), before.Running.ToString(CultureInfo.InvariantCulture),
                accepted.ToString("0", CultureInfo.InvariantCulture), latency.ToString("0", CultureInfo.InvariantCulture), first.Work.Kind.ToString()]);
            queued.Add(job.JobId);
        }
        var table = new Table().AddColumns("urgent job", "orders queued", "running", "submit call ms", "submit → first dispatch ms", "first piece");
        foreach (var row in rows)
            table.AddRow(row);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"urgent job, submit → first dispatch: median {Median(latencies):0} ms ({latencies.Min():0}–{latencies.Max():0})");

        clock.Restart();
        await Parallel.ForEachAsync(queued, new ParallelOptions { MaxDegreeOfParallelism = SubmitsAtOnce, CancellationToken = cancellationToken },
            async (id, ct) => await farm.CancelJobAsync(id, ct));
        AnsiConsole.MarkupLineInterpolated($"{queued.Count} jobs cancelled in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<RenderFarm.Scheduling.Dispatch> FirstDispatchAsync(BenchmarkCluster cluster, Guid jobId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < DispatchTimeout)
        {
            var snapshot = await cluster.Scheduler.GetSnapshotAsync();
            if (snapshot.RecentDispatches.Where(d => d.Work.JobId == jobId).MinBy(d => d.At) is { } first)
                return first;
            await Task.Delay(10, cancellationToken);
        }
        throw new TimeoutException($"no piece of urgent job {jobId} was dispatched within {DispatchTimeout.TotalSeconds:0} s");
    }
}
