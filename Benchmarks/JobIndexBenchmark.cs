using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using RenderFarm.Jobs;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-job-index</c>: listing pages of the PostgreSQL job index of a farm with few jobs and of one
/// with many. Both farms' jobs are loaded with COPY into the same table under service ids of their
/// own (as farms sharing a database keep them); then rounds alternate between the two, each timing
/// every query many times. Figures are medians over the rounds after a warm-up round, and the large
/// farm's are given as a ratio to the small one's.
/// </summary>
internal static class JobIndexBenchmark
{
    private const string DefaultConnectionString = "Host=localhost;Port=5432;Username=renderfarm;Password=renderfarm;Database=renderfarm";
    private const int ActiveJobs = 40;
    private static readonly string[] Pools = ["default", "gpu", "cpu", "preview"];
    private static readonly DateTimeOffset Newest = new(2026, 1, 31, 18, 0, 0, TimeSpan.Zero);

    public static Command Create()
    {
        var connection = new Option<string>("--connection")
        {
            Description = "Npgsql connection string of a database with deploy/sql applied (default: RENDERFARM_PG_CONNECTION, else the local farm database).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RENDERFARM_PG_CONNECTION") is { Length: > 0 } configured ? configured : DefaultConnectionString,
        };
        var small = new Option<int>("--small") { Description = "Jobs of the baseline farm.", DefaultValueFactory = _ => 1_000 };
        var large = new Option<int>("--large") { Description = "Jobs of the large farm.", DefaultValueFactory = _ => 100_000 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Measured rounds (after one warm-up), alternating the two farms.", DefaultValueFactory = _ => 5 };
        var runs = new Option<int>("--runs") { Description = "Timed runs of each query per round.", DefaultValueFactory = _ => 20 };
        var keep = new Option<bool>("--keep") { Description = "Leave the rows in the database (to EXPLAIN the queries); prints their service ids." };
        var command = new Command("bench-job-index", "Measure job index pages (first, filtered, deep) of a farm with 1,000 and one with 100,000 finished jobs.")
        {
            connection, small, large, rounds, runs, keep,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var connectionString = result.GetValue(connection)!;
            var tag = Guid.NewGuid().ToString("N")[..8];
            await using var smallFarm = new PostgresJobIndex(NpgsqlDataSource.Create(connectionString), $"bench-job-index-{tag}-small");
            await using var largeFarm = new PostgresJobIndex(NpgsqlDataSource.Create(connectionString), $"bench-job-index-{tag}-large");
            try
            {
                var clock = Stopwatch.StartNew();
                var smallCount = result.GetValue(small);
                var largeCount = result.GetValue(large);
                await smallFarm.ImportAsync(Generate(smallCount, seed: 1), cancellationToken);
                await largeFarm.ImportAsync(Generate(largeCount, seed: 2), cancellationToken);
                await AnalyzeAsync(connectionString, cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"imported {smallCount + largeCount:N0} jobs with COPY in {clock.Elapsed.TotalSeconds:0.0} s");

                var smallQueries = await QueriesAsync(smallFarm, smallCount, cancellationToken);
                var largeQueries = await QueriesAsync(largeFarm, largeCount, cancellationToken);
                var smallTimes = new Dictionary<string, List<double>>(StringComparer.Ordinal);
                var largeTimes = new Dictionary<string, List<double>>(StringComparer.Ordinal);
                var rows = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var round = 0; round <= result.GetValue(rounds); round++)
                {
                    await RoundAsync(smallFarm, smallQueries, result.GetValue(runs), round > 0 ? smallTimes : null, null, cancellationToken);
                    await RoundAsync(largeFarm, largeQueries, result.GetValue(runs), round > 0 ? largeTimes : null, rows, cancellationToken);
                    AnsiConsole.MarkupLineInterpolated($"{(round == 0 ? "warm-up" : $"round {round}")} done");
                }

                var table = new Table().AddColumns("query (limit 50)", $"{smallCount:N0} jobs ms", $"{largeCount:N0} jobs ms", "ratio", "rows");
                foreach (var name in smallTimes.Keys)
                {
                    var (baseline, grown) = (Median(smallTimes[name]), Median(largeTimes[name]));
                    table.AddRow(Markup.Escape(name), Ms(baseline), Ms(grown), F(grown / baseline), rows[name].ToString(CultureInfo.InvariantCulture));
                }
                AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);
                AnsiConsole.Write(table);
                if (result.GetValue(keep))
                    AnsiConsole.MarkupLineInterpolated($"rows kept under service ids {smallFarm.ServiceId} and {largeFarm.ServiceId}");
            }
            finally
            {
                if (!result.GetValue(keep))
                {
                    await smallFarm.ClearAsync(CancellationToken.None);
                    await largeFarm.ClearAsync(CancellationToken.None);
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>The queries a listing or a dashboard makes; the deep page starts after half the farm's jobs.</summary>
    private static async Task<(string Name, JobQuery Query)[]> QueriesAsync(PostgresJobIndex index, int count, CancellationToken cancellationToken)
    {
        var deep = await TokenAfterAsync(index, count / 2, cancellationToken);
        return
        [
            ("first page, no filter", new JobQuery()),
            ("state Failed (7 %)", new JobQuery { States = [JobState.Failed] }),
            ("state Rendering (10 jobs)", new JobQuery { States = [JobState.Rendering] }),
            ("states Queued + Rendering (40 jobs)", new JobQuery { States = [JobState.Queued, JobState.Rendering] }),
            ("submitter user-007 (0.5 %)", new JobQuery { Submitter = "user-007" }),
            ("pool gpu (25 %)", new JobQuery { Pool = "gpu" }),
            ("pool gpu + state Failed", new JobQuery { Pool = "gpu", States = [JobState.Failed] }),
            ("deep page: after half the jobs", new JobQuery { PageToken = deep }),
            ("deep page, pool gpu", new JobQuery { Pool = "gpu", PageToken = deep }),
        ];
    }

    /// <summary>Times each query <paramref name="runs"/> times, then an upsert of as many existing jobs.</summary>
    private static async Task RoundAsync(PostgresJobIndex index, (string Name, JobQuery Query)[] queries, int runs,
        Dictionary<string, List<double>>? times, Dictionary<string, int>? rows, CancellationToken cancellationToken)
    {
        foreach (var (name, query) in queries)
        {
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var page = await index.ListAsync(query, cancellationToken);
                Add(times, name, clock.Elapsed.TotalMilliseconds);
                rows?[name] = page.Jobs.Count;
            }
        }
        var recent = await index.ListAsync(new JobQuery { Limit = runs }, cancellationToken);
        foreach (var job in recent.Jobs)
        {
            var clock = Stopwatch.StartNew();
            await index.RecordAsync(job with { Name = job.Name + "." }, cancellationToken);
            Add(times, "record (upsert of a job)", clock.Elapsed.TotalMilliseconds);
            rows?["record (upsert of a job)"] = 1;
        }
    }

    private static void Add(Dictionary<string, List<double>>? times, string name, double milliseconds)
    {
        if (times is null)
            return;
        if (!times.TryGetValue(name, out var list))
            times[name] = list = [];
        list.Add(milliseconds);
    }

    /// <summary>The page token after the first <paramref name="skip"/> jobs, read page by page as a client would.</summary>
    private static async Task<string> TokenAfterAsync(PostgresJobIndex index, int skip, CancellationToken cancellationToken)
    {
        string? token = null;
        for (var read = 0; read < skip;)
        {
            var page = await index.ListAsync(new JobQuery { Limit = Math.Min(JobQuery.MaxLimit, skip - read), PageToken = token }, cancellationToken);
            read += page.Jobs.Count;
            token = page.NextPageToken ?? throw new InvalidOperationException($"the index ended after {read} jobs");
        }
        return token!;
    }

    /// <summary>
    /// Finished jobs over 100 days, submitted on whole seconds (so some share a time), 90 % completed,
    /// 7 % failed, 3 % cancelled, 200 submitters, 4 pools; the 40 newest are still queued or rendering.
    /// </summary>
    private static List<JobSummary> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var jobs = new List<JobSummary>(count);
        for (var i = 0; i < count; i++)
        {
            var submitted = Newest.AddSeconds(-Math.Floor(random.NextDouble() * TimeSpan.FromDays(100).TotalSeconds));
            var roll = random.Next(100);
            var state = roll < 90 ? JobState.Completed : roll < 97 ? JobState.Failed : JobState.Cancelled;
            var frames = 240 * random.Next(1, 20);
            var chunks = random.Next(1, 16);
            jobs.Add(new JobSummary(
                JobId: Guid.NewGuid(),
                Name: $"job {i}",
                Pool: Pools[random.Next(Pools.Length)],
                Submitter: $"user-{random.Next(200):000}",
                State: state,
                Priority: (JobPriority)random.Next(4),
                SubmittedAt: submitted,
                StartedAt: submitted.AddSeconds(5),
                FinishedAt: submitted.AddSeconds(random.Next(30, 3600)),
                TotalFrames: frames,
                FramesDone: state == JobState.Completed ? frames : random.Next(frames),
                ChunksTotal: chunks,
                ChunksDone: state == JobState.Completed ? chunks : random.Next(chunks),
                Error: state == JobState.Failed ? "chunk 3 failed on node-2: ffmpeg exited with code 1" : null,
                // From the job's number, not the random sequence, so the other columns are those of earlier runs.
                Project: $"project-{i % 20:00}"));
        }
        jobs.Sort((a, b) => JobIndexKey.Of(a).CompareTo(JobIndexKey.Of(b)));
        for (var i = 0; i < Math.Min(ActiveJobs, count); i++)
        {
            var active = i < 10 ? JobState.Rendering : JobState.Queued;
            jobs[i] = jobs[i] with { State = active, FinishedAt = null, StartedAt = active == JobState.Rendering ? jobs[i].StartedAt : null, FramesDone = 0, ChunksDone = 0, Error = null };
        }
        return jobs;
    }

    private static async Task AnalyzeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("ANALYZE job_index", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
