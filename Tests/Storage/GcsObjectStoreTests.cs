using System.Diagnostics;
using System.Net;
using RenderFarm.Storage.Gcs;
using RenderFarm.Storage.Objects;
using RenderFarm.Tests.Storage.Gcs;

namespace RenderFarm.Tests.Storage;

public sealed class GcsObjectStoreTests : ObjectStoreContract, IClassFixture<FakeGcsFixture>, IDisposable
{
    private const string Prefix = "farm";
    private const int PageSize = 2;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    private readonly FakeGcsServer server;
    private readonly GcsObjectStore store;

    public GcsObjectStoreTests(FakeGcsFixture fixture)
    {
        server = fixture.Server;
        // Small pages, so that a listing of the contract's three objects takes the client over two.
        server.MaxPageSize = PageSize;
        server.FailWith = null;
        store = new GcsObjectStore(Options(server));
    }

    protected override IObjectStore Store => store;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void A_key_is_described_as_its_gs_uri_and_has_no_local_path()
    {
        Assert.Equal($"gs://{FakeGcsFixture.Bucket}/{Prefix}/jobs/a/output.mp4", store.Describe("jobs/a/output.mp4"));
        Assert.Null(store.LocalPath("jobs/a/output.mp4"));
        Assert.Throws<ArgumentException>(() => store.Describe("../a"));
    }

    [Fact]
    public async Task Objects_go_under_the_prefix_and_are_listed_without_it()
    {
        var key = $"{Guid.NewGuid():N}/item.bin";
        await PutAsync(key, [1, 2, 3], overwrite: false);

        Assert.NotNull(server.Buckets.Find(FakeGcsFixture.Bucket, $"{Prefix}/{key}"));
        var listed = await ListAsync(store, key.Split('/')[0] + "/");
        Assert.Equal([key], listed.Select(o => o.Key));
    }

    [Fact]
    public async Task A_listing_follows_every_page()
    {
        var folder = $"paged-{Guid.NewGuid():N}";
        var keys = Enumerable.Range(0, 5).Select(i => $"{folder}/{i}.bin").ToList();
        foreach (var key in keys)
            await PutAsync(key, [(byte)key.Length], overwrite: false);
        var before = server.Requests.Count(r => r.Operation == "objects.list");

        var listed = await ListAsync(store, folder + "/");

        Assert.Equal(keys, listed.Select(o => o.Key));
        Assert.Equal(3, server.Requests.Count(r => r.Operation == "objects.list") - before);
    }

    [Fact]
    public async Task A_large_upload_is_sent_in_resumable_chunks_of_the_configured_size()
    {
        using var chunked = new GcsObjectStore(Options(server, o => o.ChunkSizeBytes = 256 * 1024));
        var key = $"chunks-{Guid.NewGuid():N}/large.bin";
        var bytes = RandomBytes(4 * 256 * 1024 + 1000);

        await using (var content = new MemoryStream(bytes))
            Assert.True(await chunked.PutAsync(key, content, bytes.Length, overwrite: false, Token));

        var name = $"{Prefix}/{key}";
        var start = Assert.Single(server.RequestsFor(name, "objects.insert"));
        Assert.Equal("resumable", start.UploadType);
        var chunks = server.RequestsFor(name, "upload.chunk");
        Assert.Equal(
            ["bytes 0-262143/1049576", "bytes 262144-524287/1049576", "bytes 524288-786431/1049576", "bytes 786432-1048575/1049576", "bytes 1048576-1049575/1049576"],
            chunks.Select(c => c.ContentRange));
        Assert.Equal([308, 308, 308, 308, 200], chunks.Select(c => c.Status));
        Assert.Equal(bytes, server.Buckets.Find(FakeGcsFixture.Bucket, name)!.Content);
    }

    [Fact]
    public async Task The_kms_key_reaches_the_upload_and_the_object()
    {
        const string kmsKey = "projects/render/locations/europe-west1/keyRings/farm/cryptoKeys/media";
        using var encrypted = new GcsObjectStore(Options(server, o => o.KmsKeyName = kmsKey));
        var key = $"kms-{Guid.NewGuid():N}.bin";

        await using (var content = new MemoryStream([7, 7, 7]))
            await encrypted.PutAsync(key, content, 3, overwrite: true, Token);

        Assert.Equal(kmsKey, Assert.Single(server.RequestsFor($"{Prefix}/{key}", "objects.insert")).Query["kmsKeyName"]);
        Assert.Equal(kmsKey, server.Buckets.Find(FakeGcsFixture.Bucket, $"{Prefix}/{key}")!.KmsKeyName);
    }

    [Fact]
    public async Task Without_overwrite_the_server_is_asked_for_no_generation_and_with_it_for_any()
    {
        var key = $"once-{Guid.NewGuid():N}.bin";
        await PutAsync(key, [1], overwrite: false);
        await PutAsync(key, [2], overwrite: true);

        var inserts = server.RequestsFor($"{Prefix}/{key}", "objects.insert");
        Assert.Equal("0", inserts[0].Query["ifGenerationMatch"]);
        Assert.False(inserts[1].Query.ContainsKey("ifGenerationMatch"));
    }

    [Fact]
    public async Task Content_that_ends_short_after_a_chunk_leaves_its_upload_unfinished()
    {
        using var chunked = new GcsObjectStore(Options(server, o => o.ChunkSizeBytes = 256 * 1024));
        var key = $"short-{Guid.NewGuid():N}.bin";
        using var content = new MemoryStream(RandomBytes(300 * 1024));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => chunked.PutAsync(key, content, 600 * 1024, overwrite: true, Token));

        Assert.IsType<EndOfStreamException>(failure);
        Assert.Equal([308], server.RequestsFor($"{Prefix}/{key}", "upload.chunk").Select(c => c.Status));
        Assert.Null(server.Buckets.Find(FakeGcsFixture.Bucket, $"{Prefix}/{key}"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_read_from_the_end_or_past_it_is_empty(int pastEnd)
    {
        var key = $"end-{Guid.NewGuid():N}.bin";
        await PutAsync(key, RandomBytes(1000), overwrite: false);

        Assert.Empty(await ReadAsync(key, 1000 + pastEnd));
    }

    [Fact]
    public async Task An_empty_object_is_put_and_read_back()
    {
        var key = $"empty-{Guid.NewGuid():N}.bin";
        Assert.True(await PutAsync(key, [], overwrite: false));

        Assert.Equal(0, (await store.HeadAsync(key, Token))!.Size);
        Assert.Empty(await ReadAsync(key, 0));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_busy_or_failing_server_is_unavailable_within_a_bounded_time(HttpStatusCode status)
    {
        var key = $"busy-{Guid.NewGuid():N}.bin";
        server.FailWith = status;
        var clock = Stopwatch.StartNew();

        var head = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.HeadAsync(key, Token));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => PutAsync(key, [1], overwrite: true));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.OpenReadAsync(key, 0, Token));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Bounded);
        Assert.Contains(server.BaseUri, head.Message, StringComparison.Ordinal);
        Assert.Contains(FakeGcsFixture.Bucket, head.Message, StringComparison.Ordinal);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), head.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Refused_access_names_the_bucket_and_the_credentials_setting(HttpStatusCode status)
    {
        server.FailWith = status;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => store.HeadAsync("any.bin", Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => PutAsync("any.bin", [1], overwrite: true));

        Assert.Contains($"'{FakeGcsFixture.Bucket}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("MediaStore:Gcs:CredentialsFile", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_names_the_bucket_setting_rather_than_passing_for_a_missing_object()
    {
        using var elsewhere = new GcsObjectStore(Options(server, o => o.Bucket = "no-such-bucket"));

        var head = await Assert.ThrowsAsync<InvalidOperationException>(() => elsewhere.HeadAsync("a.bin", Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => elsewhere.DeleteAsync("a.bin", Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => elsewhere.OpenReadAsync("a.bin", 0, Token));

        Assert.Contains("'no-such-bucket'", head.Message, StringComparison.Ordinal);
        Assert.Contains("MediaStore:Gcs:Bucket", head.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_server_is_unavailable_within_seconds_and_after_a_restart_the_object_reads_back()
    {
        await using var own = await FakeGcsServer.StartAsync(FakeGcsFixture.Bucket);
        using var ownStore = new GcsObjectStore(Options(own));
        var bytes = RandomBytes(50_000);
        await using (var content = new MemoryStream(bytes))
            await ownStore.PutAsync("kept.bin", content, bytes.Length, overwrite: false, Token);

        await own.StopAsync(Token);
        var clock = Stopwatch.StartNew();
        var head = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => ownStore.HeadAsync("kept.bin", Token));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => ownStore.OpenReadAsync("kept.bin", 0, Token));
        await using (var content = new MemoryStream(bytes))
            await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => ownStore.PutAsync("new.bin", content, bytes.Length, overwrite: false, Token));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => ListAsync(ownStore, ""));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Bounded);
        Assert.Contains(own.BaseUri, head.Message, StringComparison.Ordinal);
        Assert.Contains(FakeGcsFixture.Bucket, head.Message, StringComparison.Ordinal);

        await own.StartAsync(Token);
        await using var read = await ownStore.OpenReadAsync("kept.bin", 0, Token);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Token);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task A_reader_that_stops_early_releases_its_download()
    {
        var key = $"early-{Guid.NewGuid():N}.bin";
        await PutAsync(key, RandomBytes(8 << 20), overwrite: false);

        var read = await store.OpenReadAsync(key, 0, Token);
        var first = new byte[1000];
        await read.ReadExactlyAsync(first, Token);
        await read.DisposeAsync().AsTask().WaitAsync(Bounded, Token);

        Assert.NotNull(await store.HeadAsync(key, Token));
    }

    public void Dispose()
    {
        server.FailWith = null;
        store.Dispose();
    }

    private static GcsStoreOptions Options(FakeGcsServer server, Action<GcsStoreOptions>? change = null)
    {
        var options = new GcsStoreOptions { Bucket = FakeGcsFixture.Bucket, Prefix = Prefix, BaseUri = server.BaseUri, Anonymous = true };
        change?.Invoke(options);
        return options;
    }

    private static async Task<List<StoredObject>> ListAsync(IObjectStore store, string prefix)
    {
        var listed = new List<StoredObject>();
        await foreach (var item in store.ListAsync(prefix, Token))
            listed.Add(item);
        return listed;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
