using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Storage;
using RenderFarm.Timelines;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>What the transfer rounds measured on one store.</summary>
internal sealed record MediaTransferResult(
    string Store, long Bytes, TransferTimes Upload, IReadOnlyList<UploadPhases> UploadPhases, TransferTimes Download, TransferTimes SecondUpload, IReadOnlyList<long> SecondUploadBytesSent);

/// <summary>
/// An embedded farm on one store: its upload of a file by content (hash, ask what the farm holds, parts,
/// commit) against one plain write of the same bytes; its download of a job's output (read through the
/// farm, checked by hash) against one plain read; a second upload of the same file against hashing it.
/// </summary>
internal sealed class MediaTransferRounds(IBenchmarkStore store, string workFolder, PreparedOutput media, int rounds)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);

    private const string PlainKey = "bench/plain-copy.bin";

    public async Task<MediaTransferResult> RunAsync(CancellationToken cancellationToken)
    {
        var emptyAssets = Directory.CreateDirectory(Path.Combine(workFolder, "farm-assets")).FullName;
        await using var farm = await EmbeddedRenderFarm.StartAsync(new EmbeddedFarmOptions
        {
            AssetsRoot = emptyAssets,
            StoreRoot = Path.Combine(workFolder, "farm"),
            ConfigureServices = services =>
            {
                services.Configure<MediaStoreOptions>(store.Configure);
                services.AddSingleton<IRenderExecutor>(provider => new StoredOutputRenderExecutor(provider.GetRequiredService<IMediaStore>(), media));
            },
        }, cancellationToken);

        var timeline = UploadTimeline(Path.GetFileName(media.Path));
        var folder = Path.GetDirectoryName(media.Path)!;
        var assetKey = MediaKeys.Asset(media.Sha256);
        AnsiConsole.MarkupLineInterpolated($"[bold]{store.Name}[/]: upload, {rounds} round(s) of each");
        var phases = new List<UploadPhases>();
        var upload = await TransferTimes.AlternateAsync(rounds,
            async () =>
            {
                var phaseClock = new UploadPhaseClock();
                Expect(await farm.Farm.UploadAssetsAsync(timeline, folder, phaseClock, cancellationToken), sent: media.Bytes);
                phases.Add(phaseClock.Stop());
            },
            () => store.PlainUploadAsync(media.Path, PlainKey, cancellationToken),
            async () =>
            {
                await store.Objects.DeleteAsync(assetKey, cancellationToken);
                await store.Objects.DeleteAsync(PlainKey, cancellationToken);
            });
        Show(upload);
        AnsiConsole.WriteLine("  farm phases: " + string.Join(" / ", phases.Select(p => $"hash and ask {F(p.HashAndAskSeconds)} s, parts {F(p.PartsSeconds)} s, commit {F(p.CommitSeconds)} s")));

        AnsiConsole.MarkupLineInterpolated($"[bold]{store.Name}[/]: second upload of the same file against hashing it");
        Expect(await farm.Farm.UploadAssetsAsync(timeline, folder, cancellationToken: cancellationToken), sent: media.Bytes);
        var sentAgain = new List<long>();
        var second = await TransferTimes.AlternateAsync(rounds,
            async () => sentAgain.Add((await farm.Farm.UploadAssetsAsync(timeline, folder, cancellationToken: cancellationToken)).BytesSent),
            () => ContentHash.OfFileAsync(media.Path, cancellationToken),
            () => Task.CompletedTask);
        Show(second);
        await store.Objects.DeleteAsync(assetKey, cancellationToken);

        AnsiConsole.MarkupLineInterpolated($"[bold]{store.Name}[/]: download, {rounds} round(s) of each");
        var (jobId, outputKey) = await CompletedJobAsync(farm.Farm, cancellationToken);
        var target = Path.Combine(workFolder, "downloaded.bin");
        var download = await TransferTimes.AlternateAsync(rounds,
            () => farm.Farm.DownloadOutputAsync(jobId, target, cancellationToken: cancellationToken),
            () => store.PlainDownloadAsync(outputKey, target, cancellationToken),
            () =>
            {
                if (new FileInfo(target).Length != media.Bytes)
                    throw new InvalidOperationException($"a download wrote {new FileInfo(target).Length} bytes, not {media.Bytes}");
                File.Delete(target);
                return Task.CompletedTask;
            });
        Show(download);
        await store.Objects.DeleteAsync(outputKey, cancellationToken);
        return new MediaTransferResult(store.Name, media.Bytes, upload, phases, download, second, sentAgain);
    }

    /// <summary>A job whose merge stores the prepared file as its output, run to its end.</summary>
    private static async Task<(Guid JobId, string OutputKey)> CompletedJobAsync(IRenderFarm farm, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(JobTimeout);
        var job = await farm.SubmitJobAsync(Timelines.ColourOnly(24), new JobOptions { ChunkCount = 1 }, timeout.Token);
        await foreach (var _ in farm.WatchJobAsync(job.JobId, timeout.Token))
        {
        }
        var status = await farm.GetJobStatusAsync(job.JobId, timeout.Token);
        if (status.State != JobState.Completed || status.Output is not { } output)
            throw new InvalidOperationException($"the job that stores the output ended {status.State}: {status.Error}");
        return (job.JobId, output.Key);
    }

    private static Timeline UploadTimeline(string fileName) => new()
    {
        Version = Timeline.CurrentVersion,
        Output = new OutputSpec { Width = 320, Height = 180, FrameRate = new Rational(24, 1), DurationFrames = 24 },
        Assets = new Dictionary<string, AssetRef> { ["media"] = new() { Path = fileName } },
        VideoTracks = [new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Video, Asset = "media", Start = 0, Duration = 24 }] }],
    };

    private static void Expect(Client.Media.UploadedTimeline uploaded, long sent)
    {
        if (uploaded.BytesSent != sent)
            throw new InvalidOperationException($"the upload sent {uploaded.BytesSent} bytes, not {sent}");
    }

    private static void Show(TransferTimes times) =>
        AnsiConsole.WriteLine($"  farm {string.Join(" / ", times.FarmSeconds.Select(F))} s, baseline {string.Join(" / ", times.BaselineSeconds.Select(F))} s");
}
