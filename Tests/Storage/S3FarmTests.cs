using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Rendering;
using RenderFarm.Storage;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Database;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Storage;

/// <summary>
/// A farm on S3 (s3rver) whose silos cannot read the client's folder: the client uploads by content,
/// three silos render from the bucket, the client downloads a verified file; the same media is not
/// sent twice; the store going away for a while in the middle of a render loses nothing.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class S3FarmTests(S3rverServer server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Media_uploaded_from_the_client_is_rendered_from_the_bucket_by_three_silos_and_downloaded_verified()
    {
        await using var farm = await StoreFarm.StartAsync(server, silos: 3);
        var timeline = FarmTimelines.Small(90);

        var uploaded = await farm.Farm.Farm.UploadAssetsAsync(timeline, farm.Client.Path, cancellationToken: Token);
        Assert.Equal(2, uploaded.AssetsSent);
        Assert.Equal(farm.ClientBytes(timeline), uploaded.BytesSent);
        Assert.All(uploaded.Timeline.Assets.Values, asset => Assert.True(asset.Stored && asset.Sha256 is { Length: 64 }, asset.ToString()));

        var job = await farm.Farm.Farm.SubmitJobAsync(uploaded.Timeline, new JobOptions { ChunkCount = 3 }, Token);
        await farm.Farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(4));
        var status = await farm.Farm.Farm.GetJobStatusAsync(job.JobId, Token);
        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error} {string.Join("; ", status.Refusals)}");
        Assert.StartsWith($"s3://{farm.Bucket}/jobs/", status.OutputPath);
        Assert.Equal(3, status.Chunks.Select(c => c.Node).Distinct().Count());

        var target = farm.Client.File("out/result.mp4");
        var output = await farm.Farm.Farm.DownloadOutputAsync(job.JobId, target, cancellationToken: Token);
        Assert.Equal(new FileInfo(target).Length, output.Bytes);
        Assert.False(File.Exists(target + ".partial"));
        var spec = timeline.Output;
        await MediaVerifier.VerifyFinalAsync(target, new ExpectedVideo(spec.DurationFrames, spec.Width, spec.Height, "h264", spec.FrameRate), spec.Audio, Token);

        var again = await farm.Farm.Farm.UploadAssetsAsync(FarmTimelines.Small(60, "again"), farm.Client.Path, cancellationToken: Token);
        Assert.Equal((0, 0L, 2), (again.AssetsSent, again.BytesSent, again.AssetsAlreadyHeld));
        Assert.Equal(farm.ClientBytes(timeline), again.BytesAlreadyHeld);

        // Every node fetched "a" for its chunk, one of them "music" too for the sound: the second job's
        // chunks and sound all start on nodes that hold what they read; some of the first job's did not.
        Assert.True(status.Locality is { Starts: >= 4 } first && first.StartsWithAllHeld < first.Starts, Starts(status));
        await FarmWaits.SchedulerAsync(farm.Farm, s => s.Nodes.Sum(n => n.AssetsHeld) >= 4, "the nodes' caches reported to the scheduler");
        var second = await farm.Farm.Farm.SubmitJobAsync(again.Timeline, new JobOptions { ChunkCount = 3 }, Token);
        await farm.Farm.WatchToEndAsync(second.JobId, TimeSpan.FromMinutes(4));
        var secondStatus = await farm.Farm.Farm.GetJobStatusAsync(second.JobId, Token);
        Assert.Equal(JobState.Completed, secondStatus.State);
        Assert.True(secondStatus.Locality is { Starts: >= 3 } local && local.StartsWithAllHeld == local.Starts && local.AssetsHeld == local.AssetsNeeded, Starts(secondStatus));
    }

    /// <summary>Each piece's starts, with what its node held of the assets it reads.</summary>
    private static string Starts(JobStatus status) =>
        $"{status.Locality}: " + string.Join("; ", status.Chunks.Append(status.Sound).OfType<ChunkStatus>()
            .Select(piece => $"{piece.Kind} {piece.Index} {string.Join(", ", piece.History.Select(start => $"{start.Node} {start.Host?.Assets}"))}"));

    [Fact]
    public async Task An_upload_broken_off_carries_on_with_the_parts_the_farm_lacks()
    {
        await using var farm = await StoreFarm.StartAsync(server, silos: 1);
        var big = farm.Client.File("big.mov");
        var bytes = new byte[UploadRules.PartSize * 3 + 12_345];
        Random.Shared.NextBytes(bytes);
        await File.WriteAllBytesAsync(big, bytes, Token);
        var timeline = FarmTimelines.Small(30) with { Assets = new Dictionary<string, AssetRef> { ["a"] = new() { Path = "big.mov" }, ["music"] = new() { Path = "music.m4a" } } };

        using var cut = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var firstPart = new ProgressRecorder(update =>
        {
            if (update.Name == "big.mov" && update.BytesDone >= UploadRules.PartSize)
                cut.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => farm.Farm.Farm.UploadAssetsAsync(timeline, farm.Client.Path, firstPart, cut.Token));

        var resumed = new List<RenderFarm.Client.Media.TransferProgress>();
        var uploaded = await farm.Farm.Farm.UploadAssetsAsync(timeline, farm.Client.Path, new ProgressRecorder(resumed.Add), Token);
        var skipped = resumed.Where(p => p.Name == "big.mov").Max(p => p.BytesSkipped);
        Assert.True(skipped >= UploadRules.PartSize, $"the second upload skipped {skipped} bytes");
        Assert.True(uploaded.BytesSent <= bytes.Length - UploadRules.PartSize + new FileInfo(farm.Client.File("music.m4a")).Length,
            $"{uploaded.BytesSent} bytes sent again");
        Assert.Empty(await farm.Farm.Cluster.Client.GetGrain<IMediaCatalogGrain>(0).MissingAsync([uploaded.Timeline.Assets["a"].Sha256!]));
    }

    [Fact]
    public async Task An_upload_whose_bytes_are_not_its_hash_is_refused_and_nothing_is_stored()
    {
        await using var farm = await StoreFarm.StartAsync(server, silos: 1);
        var claimed = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("the real file"u8));
        var sent = "something else entirely"u8.ToArray();
        var upload = farm.Farm.Cluster.Client.GetGrain<IAssetUploadGrain>(claimed);

        await upload.BeginAsync(sent.Length);
        var damaged = await Assert.ThrowsAsync<ArgumentException>(() => upload.WritePartAsync(0, sent, claimed));
        Assert.Contains("partSha256", damaged.Message);
        await upload.WritePartAsync(0, sent, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sent)));
        var refused = await Assert.ThrowsAsync<UploadRefusedException>(() => upload.CompleteAsync());

        Assert.Contains(claimed, refused.Message);
        Assert.Equal([claimed], await farm.Farm.Cluster.Client.GetGrain<IMediaCatalogGrain>(0).MissingAsync([claimed]));
    }

    [Fact]
    public async Task A_damaged_store_copy_is_refused_removed_and_sent_again_by_the_next_upload()
    {
        await using var farm = await StoreFarm.StartAsync(server, silos: 1);
        var timeline = FarmTimelines.Small(30, "damaged");
        var uploaded = await farm.Farm.Farm.UploadAssetsAsync(timeline, farm.Client.Path, cancellationToken: Token);
        var sha256 = uploaded.Timeline.Assets["a"].Sha256!;
        using (var s3 = server.CreateClient(farm.Bucket))
        {
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = farm.Bucket,
                Key = MediaKeys.Asset(sha256),
                ContentBody = "not the video any more",
                UseChunkEncoding = false,
            }, Token);
        }

        var refused = await farm.Farm.Farm.SubmitJobAsync(uploaded.Timeline, cancellationToken: Token);
        await farm.Farm.WatchToEndAsync(refused.JobId, TimeSpan.FromMinutes(1));
        var status = await farm.Farm.Farm.GetJobStatusAsync(refused.JobId, Token);
        Assert.Equal(JobState.Refused, status.State);
        Assert.Contains(status.Refusals, e => e.Field == "assets.a.sha256" && e.Rule.Contains("damaged", StringComparison.Ordinal));

        var catalog = farm.Farm.Cluster.Client.GetGrain<IMediaCatalogGrain>(0);
        await Eventually.UntilAsync(() => catalog.MissingAsync([sha256]), missing => missing.Count == 1, TimeSpan.FromSeconds(30), "the damaged copy removed");
        var again = await farm.Farm.Farm.UploadAssetsAsync(timeline, farm.Client.Path, cancellationToken: Token);
        Assert.Equal((1, new FileInfo(farm.Client.File("a.mp4")).Length), (again.AssetsSent, again.BytesSent));
        var rendered = await farm.Farm.Farm.SubmitJobAsync(again.Timeline, cancellationToken: Token);
        await farm.Farm.WatchToEndAsync(rendered.JobId, TimeSpan.FromMinutes(2));
        Assert.Equal(JobState.Completed, (await farm.Farm.Farm.GetJobStatusAsync(rendered.JobId, Token)).State);
    }

    [Fact]
    public async Task A_timeline_naming_content_the_store_lacks_is_refused_with_the_asset_named()
    {
        await using var farm = await StoreFarm.StartAsync(server, silos: 1);
        var absent = new string('0', 64);
        var timeline = FarmTimelines.Small(30) with
        {
            Assets = new Dictionary<string, AssetRef>
            {
                ["a"] = new() { Path = "a.mp4", Sha256 = absent, Stored = true },
                ["music"] = new() { Path = "music.m4a" },
            },
        };

        var job = await farm.Farm.Farm.SubmitJobAsync(timeline, cancellationToken: Token);
        await farm.Farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(1));
        var status = await farm.Farm.Farm.GetJobStatusAsync(job.JobId, Token);

        Assert.Equal(JobState.Refused, status.State);
        Assert.Contains(status.Refusals, e => e.Field == "assets.a.sha256" && e.Rule.Contains("not in the farm's store", StringComparison.Ordinal));
        Assert.Contains(status.Refusals, e => e.Field == "assets.music.path");
    }

    [Fact]
    public async Task A_store_that_goes_away_in_the_middle_of_a_render_and_comes_back_loses_nothing()
    {
        await using var farm = await StoreFarm.StartAsync(server, silos: 2);
        var timeline = FarmTimelines.Slow(120);
        var uploaded = await farm.Farm.Farm.UploadAssetsAsync(timeline, farm.Client.Path, cancellationToken: Token);
        var job = await farm.Farm.Farm.SubmitJobAsync(uploaded.Timeline, new JobOptions { ChunkCount = 4 }, Token);
        await FarmWaits.UntilAsync(farm.Farm, job.JobId, s => s.Chunks.Any(c => c.State == ChunkState.Rendering && c.FramesDone > 0), "a chunk under way");

        await server.StopAsync();
        try
        {
            // A chunk that has rendered every frame waits to be committed to the store that is gone.
            await FarmWaits.UntilAsync(farm.Farm, job.JobId,
                s => s.Chunks.Any(c => c.State == ChunkState.Rendering && c.FramesDone == c.Range.Count), "a rendered chunk waiting for the store");
        }
        finally
        {
            await server.StartAsync();
        }

        await farm.Farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(4));
        var status = await farm.Farm.Farm.GetJobStatusAsync(job.JobId, Token);
        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        var target = farm.Client.File("outage.mp4");
        await farm.Farm.Farm.DownloadOutputAsync(job.JobId, target, cancellationToken: Token);
        var spec = timeline.Output;
        await MediaVerifier.VerifyFinalAsync(target, new ExpectedVideo(spec.DurationFrames, spec.Width, spec.Height, "h264", spec.FrameRate), spec.Audio, Token);
    }

    private sealed class ProgressRecorder(Action<RenderFarm.Client.Media.TransferProgress> report) : IProgress<RenderFarm.Client.Media.TransferProgress>
    {
        public void Report(RenderFarm.Client.Media.TransferProgress value) => report(value);
    }
}
