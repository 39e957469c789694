using System.CommandLine;
using System.Globalization;
using RenderFarm.Storage;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-media</c>: the farm's media paths against plain copies of the same bytes to the same store,
/// alternating (upload by content, download checked by hash, a second upload of the same media), and
/// the node caches' hits and saved bytes over a run of jobs sharing media, per chunk assignment.
/// </summary>
internal static class MediaBenchmark
{
    private const long MiB = 1024 * 1024;

    public static Command Create()
    {
        var s3Url = new Option<string?>("--s3-url") { Description = "An S3 endpoint to run on, e.g. s3rver from deploy/storage/start-s3rver.sh (http://127.0.0.1:PORT); a bucket of the run's own is made there and deleted at the end." };
        var s3AccessKey = new Option<string>("--s3-access-key") { Description = "The endpoint's access key (s3rver's own by default).", DefaultValueFactory = _ => "S3RVER" };
        var s3SecretKey = new Option<string>("--s3-secret-key") { Description = "The endpoint's secret key.", DefaultValueFactory = _ => "S3RVER" };
        var folder = new Option<bool>("--folder") { Description = "Also run the transfers on a folder store in a temporary folder (File.Copy the baseline)." };
        var megabytes = new Option<int>("--megabytes", "-m") { Description = "The size of the file moved (MiB of random bytes).", DefaultValueFactory = _ => 256 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Rounds of each transfer and of its baseline, alternating.", DefaultValueFactory = _ => 3 };
        var nodes = new Option<int>("--nodes") { Description = "Simulated nodes, each with a cache of its own.", DefaultValueFactory = _ => 4 };
        var cacheMegabytes = new Option<int>("--cache-megabytes") { Description = "Each node cache's cap (MiB).", DefaultValueFactory = _ => 40 };
        var jobs = new Option<int>("--jobs") { Description = "Jobs in the cache run.", DefaultValueFactory = _ => 40 };
        var chunksPerJob = new Option<int>("--chunks-per-job") { Description = "Chunks each job is split into.", DefaultValueFactory = _ => 6 };
        var assets = new Option<int>("--assets") { Description = "Assets in the pool the jobs share.", DefaultValueFactory = _ => 16 };
        var assetsPerJob = new Option<int>("--assets-per-job") { Description = "Assets each job's timeline cuts.", DefaultValueFactory = _ => 3 };
        var assetMegabytes = new Option<int>("--asset-megabytes") { Description = "The pool's mean asset size (MiB; each from half to 1.5 times it).", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seeds the media's bytes and the jobs' draw of assets.", DefaultValueFactory = _ => 1 };
        var command = new Command("bench-media", "Upload, download and a second upload through the farm against plain copies to the same store, and the node caches' hit rate over jobs sharing media.")
        {
            s3Url, s3AccessKey, s3SecretKey, folder, megabytes, rounds, nodes, cacheMegabytes, jobs, chunksPerJob, assets, assetsPerJob, assetMegabytes, seed,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var url = result.GetValue(s3Url);
            if (url is null && !result.GetValue(folder))
            {
                Console.Error.WriteLine("bench-media: name a store: --s3-url http://127.0.0.1:PORT (deploy/storage/start-s3rver.sh PORT DIR) and/or --folder");
                return 2;
            }
            // Redirected to a file, the tables would wrap at 80 columns.
            if (Console.IsOutputRedirected)
                AnsiConsole.Profile.Width = 160;
            AnsiConsole.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()} at the start");
            var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"bench-media-{Guid.NewGuid():N}")).FullName;
            var transfers = new List<MediaTransferResult>();
            var cacheRuns = new List<CacheRunResult>();
            try
            {
                var media = await PrepareAsync(work, result.GetValue(megabytes) * MiB, result.GetValue(seed), cancellationToken);
                if (url is not null)
                {
                    await using var s3 = await S3BenchmarkStore.CreateAsync(url, result.GetValue(s3AccessKey)!, result.GetValue(s3SecretKey)!, cancellationToken);
                    transfers.Add(await new MediaTransferRounds(s3, Path.Combine(work, "s3"), media, result.GetValue(rounds)).RunAsync(cancellationToken));

                    var shape = new SharedMediaShape(result.GetValue(assets), result.GetValue(assetMegabytes) * MiB, result.GetValue(jobs), result.GetValue(assetsPerJob), result.GetValue(chunksPerJob), result.GetValue(seed));
                    var cache = new CacheHitBenchmark(s3, Path.Combine(work, "cache"), result.GetValue(nodes), result.GetValue(cacheMegabytes) * MiB);
                    var chunks = SharedMediaWorkload.Chunks(shape, await cache.UploadPoolAsync(shape, cancellationToken));
                    AnsiConsole.MarkupLineInterpolated($"[bold]{s3.Name}[/]: node caches, {shape.Jobs} jobs of {shape.ChunksPerJob} chunks on {result.GetValue(nodes)} nodes");
                    foreach (var (name, make) in ChunkAssignments.All)
                        cacheRuns.Add(await cache.RunAsync(name, make(), chunks, cancellationToken));
                }
                if (result.GetValue(folder))
                {
                    await using var store = new FolderBenchmarkStore(Path.Combine(work, "folder-store"));
                    transfers.Add(await new MediaTransferRounds(store, Path.Combine(work, "folder"), media, result.GetValue(rounds)).RunAsync(cancellationToken));
                }
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
            ReportTransfers(transfers);
            if (cacheRuns.Count > 0)
                ReportCache(cacheRuns, result.GetValue(cacheMegabytes));
            return 0;
        });
        return command;
    }

    private static async Task<PreparedOutput> PrepareAsync(string work, long bytes, int seed, CancellationToken cancellationToken)
    {
        var client = Directory.CreateDirectory(Path.Combine(work, "client")).FullName;
        var path = Path.Combine(client, "media.mov");
        await RandomMedia.WriteAsync(path, bytes, seed, cancellationToken);
        return new PreparedOutput(path, bytes, await ContentHash.OfFileAsync(path, cancellationToken));
    }

    private static void ReportTransfers(List<MediaTransferResult> results)
    {
        var table = new Table().AddColumns("store", "transfer", "farm, median", "baseline, median", "farm / baseline");
        foreach (var result in results)
        {
            table.AddRow(result.Store, "upload",
                Rate(result.Bytes, result.Upload.FarmSeconds), Rate(result.Bytes, result.Upload.BaselineSeconds), F(1 / result.Upload.MedianRatio));
            table.AddRow(result.Store, "  of which: hash and ask / parts / commit",
                $"{F(Median(result.UploadPhases.Select(p => p.HashAndAskSeconds)))} / {F(Median(result.UploadPhases.Select(p => p.PartsSeconds)))} / {F(Median(result.UploadPhases.Select(p => p.CommitSeconds)))} s", "", "");
            table.AddRow(result.Store, "download",
                Rate(result.Bytes, result.Download.FarmSeconds), Rate(result.Bytes, result.Download.BaselineSeconds), F(1 / result.Download.MedianRatio));
            table.AddRow(result.Store, $"second upload ({SentAgain(result.SecondUploadBytesSent)})",
                $"{F(result.SecondUpload.FarmMedian)} s", $"{F(result.SecondUpload.BaselineMedian)} s", $"time {F(result.SecondUpload.MedianRatio)}x");
        }
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine("upload: the farm's (hash, ask what it holds, parts, commit) against one PutObject (S3) or File.Copy (folder) of the file;");
        AnsiConsole.WriteLine("download: a job's output through the farm, checked by its hash, against one GetObject or File.Copy; second upload: against hashing the file.");
        AnsiConsole.WriteLine("Rates in MiB of the file per second, median (lowest–highest) of the rounds; farm / baseline is the median of the rounds' rate ratios (time ratio for the second upload).");
    }

    private static string SentAgain(IReadOnlyList<long> sent) =>
        sent.Distinct().Count() == 1 ? $"{sent[0]} B sent each time" : $"{string.Join(", ", sent)} B sent";

    private static string Rate(long bytes, IReadOnlyList<double> seconds)
    {
        var rates = seconds.Select(s => bytes / (double)MiB / s).ToList();
        return $"{Median(rates).ToString("0.0", CultureInfo.InvariantCulture)} MiB/s ({rates.Min().ToString("0.0", CultureInfo.InvariantCulture)}–{rates.Max().ToString("0.0", CultureInfo.InvariantCulture)})";
    }

    private static void ReportCache(List<CacheRunResult> runs, int cacheMegabytes)
    {
        var table = new Table().AddColumns("assignment", "chunks", "reads", "hits", "misses", "hit rate", "fetched", "saved", "fetched / read", "evicted", "busiest node");
        foreach (var run in runs)
        {
            var c = run.Total;
            table.AddRow(run.Assignment, $"{run.Chunks}", $"{c.Hits + c.Misses}", $"{c.Hits}", $"{c.Misses}", P(c.HitRate),
                Mib(c.BytesFetched), Mib(c.BytesSaved), P(c.BytesFetched / (double)run.BytesRead), $"{c.Evicted}",
                P(run.BusiestNodeChunks / (double)run.Chunks));
        }
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"Each node's cache capped at {cacheMegabytes} MiB; 'fetched / read' is what came from the store over what the chunks read (without a cache, 100 %);");
        AnsiConsole.WriteLine($"busiest node: its share of the chunks (even: {P(1.0 / runs[0].Nodes)}).");
    }

    private static string Mib(long bytes) => $"{(bytes / (double)MiB).ToString("0.0", CultureInfo.InvariantCulture)} MiB";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
