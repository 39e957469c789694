using System.Security.Cryptography;
using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Storage;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Storage;

/// <summary>
/// The media store's retention on a farm with a folder store: the farm's own times remove nothing new; a
/// purge of everything due removes an ended job's output (the job then says so and refuses a download),
/// an abandoned upload's parts, and an asset once no job still uses it, never what a job not ended needs.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly PurgeRequest EverythingDue = new() { OutputsOlderThan = TimeSpan.Zero, AssetsUnusedFor = TimeSpan.Zero, UploadsIdleFor = TimeSpan.Zero };
    private readonly TestDirectory client = new("retention-client");
    private TestFarm farm = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await SampleMedia.EnsureAsync();
        foreach (var name in new[] { "a.mp4", "music.m4a" })
            File.Copy(Path.Combine(SampleMedia.Root, name), client.File(name));
        farm = await TestFarm.StartAsync(silos: 1);
    }

    public async ValueTask DisposeAsync()
    {
        await farm.DisposeAsync();
        client.Dispose();
    }

    private string StoreFile(string key) => Path.Combine(farm.StoreRoot, "store", key);

    [Fact]
    public async Task A_purge_removes_what_is_due_and_nothing_a_job_not_ended_needs()
    {
        var uploaded = await farm.Farm.UploadAssetsAsync(FarmTimelines.Small(30, "ended"), client.Path, cancellationToken: Token);
        var assetFiles = uploaded.Timeline.Assets.Values.Select(a => StoreFile(MediaKeys.Asset(a.Sha256!))).ToList();
        var ended = await farm.Farm.SubmitJobAsync(uploaded.Timeline, new JobOptions { ChunkCount = 1 }, Token);
        await farm.WatchToEndAsync(ended.JobId, TimeSpan.FromMinutes(2));
        var output = StoreFile((await farm.Farm.GetJobStatusAsync(ended.JobId, Token)).Output!.Key);
        var outputBytes = new FileInfo(output).Length;
        var thumbnails = farm.Cluster.Client.GetGrain<IJobThumbnailGrain>(ended.JobId);
        await thumbnails.SetAsync(new JobThumbnail([0xFF, 0xD8, 0xFF, 0xD9], 2, 2, 0, 0, DateTimeOffset.UtcNow));
        await Eventually.UntilAsync(() => thumbnails.GetAsync(), t => t is not null, TimeSpan.FromSeconds(10), "the ended job's still");

        // A job waiting in a paused pool uses the same assets, and has a file of its own in the store.
        await farm.Farm.PausePoolAsync(Token);
        var waiting = await farm.Farm.SubmitJobAsync((await farm.Farm.UploadAssetsAsync(FarmTimelines.Small(30, "waiting"), client.Path, cancellationToken: Token)).Timeline, new JobOptions { ChunkCount = 1 }, Token);
        await FarmWaits.UntilAsync(farm, waiting.JobId, s => s.State == JobState.Queued, "its media accepted");
        var waitingFile = StoreFile(MediaKeys.Chunk(new Chunks.ChunkKey(waiting.JobId, 0), ".mp4"));
        Directory.CreateDirectory(Path.GetDirectoryName(waitingFile)!);
        await File.WriteAllBytesAsync(waitingFile, [1, 2, 3], Token);
        var abandoned = await AbandonUploadAsync();

        var byTheFarmsTimes = await farm.Farm.PurgeMediaAsync(new PurgeRequest(), Token);
        Assert.Equal((0, 0, 0, 0L), (byTheFarmsTimes.Outputs, byTheFarmsTimes.Assets, byTheFarmsTimes.Uploads, byTheFarmsTimes.Bytes));

        var dry = await farm.Farm.PurgeMediaAsync(EverythingDue with { DryRun = true }, Token);
        var purged = await farm.Farm.PurgeMediaAsync(EverythingDue, Token);

        foreach (var report in new[] { dry, purged })
        {
            Assert.Equal((1, outputBytes), (report.Outputs, report.OutputBytes));
            Assert.Equal((0, 2), (report.Assets, report.AssetsInUse));
            Assert.Equal((1, (long)UploadRules.PartSize), (report.Uploads, report.UploadBytes));
            Assert.Empty(report.Errors);
        }
        Assert.False(File.Exists(output), "the ended job's output is still there");
        Assert.True(File.Exists(waitingFile), "the waiting job's file was removed");
        Assert.All(assetFiles, file => Assert.True(File.Exists(file), $"{file}, in use, was removed"));
        Assert.Empty((await farm.Cluster.Client.GetGrain<IAssetUploadGrain>(abandoned).BeginAsync(UploadRules.PartSize + 10)).PartsReceived);
        var status = await farm.Farm.GetJobStatusAsync(ended.JobId, Token);
        Assert.NotNull(status.OutputRemovedAt);
        Assert.Null(await farm.Farm.GetThumbnailAsync(ended.JobId, Token));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => farm.Farm.DownloadOutputAsync(ended.JobId, client.File("out.mp4"), cancellationToken: Token));
        Assert.Contains("removed", refused.Message);

        // Once the last job using them has ended, the assets go too, and are sent again when wanted.
        await farm.Farm.CancelJobAsync(waiting.JobId, Token);
        var afterCancel = await farm.Farm.PurgeMediaAsync(EverythingDue with { UploadsIdleFor = null }, Token);
        Assert.Equal((2, 0), (afterCancel.Assets, afterCancel.AssetsInUse));
        Assert.All(assetFiles, file => Assert.False(File.Exists(file), $"{file} is still there"));
        var again = await farm.Farm.UploadAssetsAsync(FarmTimelines.Small(30, "again"), client.Path, cancellationToken: Token);
        Assert.Equal(2, again.AssetsSent);
    }

    [Fact]
    public async Task A_negative_time_is_refused_with_its_name()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => farm.Farm.PurgeMediaAsync(new PurgeRequest { AssetsUnusedFor = TimeSpan.FromHours(-1) }, Token));
        Assert.StartsWith("AssetsUnusedFor: must be zero or more", error.Message);
    }

    /// <summary>An upload begun with one of its two parts sent, and never finished.</summary>
    private async Task<string> AbandonUploadAsync()
    {
        var bytes = RandomNumberGenerator.GetBytes(UploadRules.PartSize + 10);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var upload = farm.Cluster.Client.GetGrain<IAssetUploadGrain>(sha256);
        await upload.BeginAsync(bytes.Length);
        var part = bytes[..UploadRules.PartSize];
        await upload.WritePartAsync(0, part, Convert.ToHexStringLower(SHA256.HashData(part)));
        return sha256;
    }
}
