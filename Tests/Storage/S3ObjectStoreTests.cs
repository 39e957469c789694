using System.Net;
using Amazon.S3.Model;
using RenderFarm.Storage.Objects;
using RenderFarm.Storage.S3;

namespace RenderFarm.Tests.Storage;

/// <summary>The S3 store on s3rver: the contract, under a prefix of the bucket, and what is S3's own.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreTests(S3rverServer server) : ObjectStoreContract, IAsyncLifetime
{
    private const string StorePrefix = "farm/media";
    private const int SmallPart = (int)S3StoreOptions.MinimumPartSizeBytes;

    private readonly string bucket = $"store-{Guid.NewGuid():N}";
    private readonly List<IDisposable> owned = [];
    private S3ObjectStore? store;

    protected override IObjectStore Store => store ?? throw new InvalidOperationException("The bucket is not made yet.");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await server.CreateBucketAsync(bucket);
        store = Own(new S3ObjectStore(Options()));
    }

    [Fact]
    public async Task Each_object_is_under_the_store_s_prefix_in_the_bucket_and_listed_without_it()
    {
        await PutAsync("jobs/a/output.mp4", [1, 2, 3], overwrite: true);
        using var bucketClient = server.CreateClient(bucket);
        await bucketClient.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "elsewhere/b.bin", ContentBody = "b", UseChunkEncoding = false }, Token);

        Assert.Equal($"s3://{bucket}/farm/media/jobs/a/output.mp4", Store.Describe("jobs/a/output.mp4"));
        Assert.Null(Store.LocalPath("jobs/a/output.mp4"));
        var inBucket = await bucketClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Token);
        Assert.Equal(["elsewhere/b.bin", "farm/media/jobs/a/output.mp4"], inBucket.S3Objects.Select(o => o.Key));
        Assert.Equal(["jobs/a/output.mp4"], await KeysAsync(Store, ""));
        using var slashed = new S3ObjectStore(Options(o => o.Prefix = StorePrefix + "/"));
        Assert.Equal(3, (await slashed.HeadAsync("jobs/a/output.mp4", Token))?.Size);
    }

    [Fact]
    public async Task A_listing_follows_continuation_tokens_page_by_page()
    {
        var (paged, recorder) = Recording(pageSize: 2);
        string[] keys = ["pages/e.bin", "pages/a.bin", "pages/c/d.bin", "pages/b.bin", "pages/f.bin"];
        foreach (var key in keys)
            await PutToAsync(paged, key, RandomBytes(4), overwrite: true);

        Assert.Equal(keys.Order(StringComparer.Ordinal), await KeysAsync(paged, "pages/"));
        var listings = recorder.Requests.Where(r => r.Method == HttpMethod.Get && r.HasQuery("list-type")).ToList();
        Assert.Equal(3, listings.Count);
        Assert.False(listings[0].HasQuery("continuation-token"));
        Assert.All(listings.Skip(1), r => Assert.True(r.HasQuery("continuation-token"), r.ToString()));
    }

    [Theory]
    [InlineData(S3StoreOptions.Aes256Encryption, null)]
    [InlineData(S3StoreOptions.KmsEncryption, "arn:aws:kms:us-east-1:111122223333:key/farm-media")]
    [InlineData(S3StoreOptions.NoEncryption, null)]
    public async Task The_server_side_encryption_setting_goes_with_every_upload(string encryption, string? kmsKeyId)
    {
        var (encrypting, recorder) = Recording(configure: o =>
        {
            o.ServerSideEncryption = encryption;
            o.KmsKeyId = kmsKeyId;
            o.PartSizeBytes = SmallPart;
        });
        var small = RandomBytes(1000);
        var large = RandomBytes(SmallPart + 1000);

        await PutToAsync(encrypting, "small.bin", small, overwrite: true);
        await PutToAsync(encrypting, "large.bin", large, overwrite: true);

        // s3rver keeps no encryption of its own (its HEAD answers none), so the requests are what shows it.
        var uploads = recorder.Requests
            .Where(r => (r.Method == HttpMethod.Put && !r.HasQuery("partNumber")) || (r.Method == HttpMethod.Post && r.HasQuery("uploads")))
            .ToList();
        Assert.Equal(2, uploads.Count);
        var expected = encryption == S3StoreOptions.NoEncryption ? null : encryption;
        Assert.All(uploads, r => Assert.Equal(expected, r.Header("x-amz-server-side-encryption")));
        Assert.All(uploads, r => Assert.Equal(kmsKeyId, r.Header("x-amz-server-side-encryption-aws-kms-key-id")));
        Assert.Equal(small, await ReadFromAsync(encrypting, "small.bin", 0));
        Assert.Equal(large, await ReadFromAsync(encrypting, "large.bin", 0));
    }

    [Fact]
    public async Task Without_overwrite_each_write_is_conditional_and_a_refused_one_keeps_the_first_object()
    {
        var (conditional, recorder) = Recording(configure: o => o.PartSizeBytes = SmallPart);
        await PutToAsync(conditional, "single.bin", RandomBytes(100), overwrite: false);
        await PutToAsync(conditional, "parts.bin", RandomBytes(SmallPart + 1), overwrite: false);
        await PutToAsync(conditional, "replaced.bin", RandomBytes(100), overwrite: true);

        Assert.Equal("*", recorder.Requests.Single(r => r.Method == HttpMethod.Put && IsFor(r, "single.bin")).Header("If-None-Match"));
        Assert.Equal("*", recorder.Requests.Single(r => r.Method == HttpMethod.Post && r.HasQuery("uploadId") && IsFor(r, "parts.bin")).Header("If-None-Match"));
        Assert.Null(recorder.Requests.Single(r => r.Method == HttpMethod.Put && IsFor(r, "replaced.bin")).Header("If-None-Match"));

        // As Amazon S3 answers when another writer got there between the look and the write.
        recorder.Answer = r => r.Header("If-None-Match") == "*" ? S3RequestRecorder.Error(HttpStatusCode.PreconditionFailed, "PreconditionFailed") : null;
        Assert.False(await PutToAsync(conditional, "raced.bin", RandomBytes(100), overwrite: false));
        Assert.False(await PutToAsync(conditional, "raced-parts.bin", RandomBytes(SmallPart + 1), overwrite: false));
        recorder.Answer = null;

        Assert.Null(await conditional.HeadAsync("raced.bin", Token));
        Assert.Null(await conditional.HeadAsync("raced-parts.bin", Token));
        Assert.Contains(recorder.Requests, r => IsAbort(r, "raced-parts.bin"));
    }

    [Fact]
    public async Task A_multipart_upload_that_fails_part_way_is_aborted_and_leaves_no_object()
    {
        var (failing, recorder) = Recording(configure: o => o.PartSizeBytes = SmallPart);
        recorder.Answer = r => r.Method == HttpMethod.Put && r.Uri.Query.Contains("partNumber=2", StringComparison.Ordinal)
            ? S3RequestRecorder.Error(HttpStatusCode.InternalServerError, "InternalError")
            : null;

        var error = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => PutToAsync(failing, "broken.bin", RandomBytes(2 * SmallPart + 10), overwrite: true));

        Assert.Contains(server.ServiceUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{bucket}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(recorder.Requests, r => IsAbort(r, "broken.bin"));
        Assert.DoesNotContain(recorder.Requests, r => r.Method == HttpMethod.Post && r.HasQuery("uploadId"));
        recorder.Answer = null;
        Assert.Null(await failing.HeadAsync("broken.bin", Token));
    }

    [Fact]
    public async Task Content_that_ends_short_in_a_later_part_aborts_the_upload_and_commits_nothing()
    {
        var (parted, recorder) = Recording(configure: o => o.PartSizeBytes = SmallPart);
        using var content = new MemoryStream(RandomBytes(SmallPart + 100));

        await Assert.ThrowsAsync<EndOfStreamException>(() => parted.PutAsync("short.bin", content, 2 * SmallPart + 100, overwrite: false, Token));

        Assert.Contains(recorder.Requests, r => r.Method == HttpMethod.Put && r.Uri.Query.Contains("partNumber=1", StringComparison.Ordinal));
        Assert.Contains(recorder.Requests, r => IsAbort(r, "short.bin"));
        Assert.Null(await parted.HeadAsync("short.bin", Token));
    }

    [Fact]
    public async Task A_key_that_breaks_the_rule_sends_no_request()
    {
        var (checking, recorder) = Recording();
        using var content = new MemoryStream([1]);

        Assert.Throws<ArgumentException>(() => checking.Describe("../outside"));
        Assert.Throws<ArgumentException>(() => checking.LocalPath("../outside"));
        await Assert.ThrowsAsync<ArgumentException>(() => checking.PutAsync("../outside", content, 1, overwrite: false, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => checking.HeadAsync("a//b", Token));
        await Assert.ThrowsAsync<ArgumentException>(() => checking.OpenReadAsync("/absolute", 0, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => checking.DeleteAsync("a/.hidden", Token));
        await Assert.ThrowsAsync<ArgumentException>(() => KeysAsync(checking, "../"));

        Assert.Empty(recorder.Requests);
    }

    [Fact]
    public async Task A_read_from_the_end_or_past_it_is_empty_and_an_empty_object_reads_back_empty()
    {
        var bytes = RandomBytes(10);
        await PutAsync("ten.bin", bytes, overwrite: true);
        await PutAsync("empty.bin", [], overwrite: true);

        Assert.Equal(bytes[9..], await ReadAsync("ten.bin", 9));
        Assert.Empty(await ReadAsync("ten.bin", 10));
        Assert.Empty(await ReadAsync("ten.bin", 11));
        Assert.Equal(0, (await Store.HeadAsync("empty.bin", Token))?.Size);
        Assert.Empty(await ReadAsync("empty.bin", 0));
        Assert.Empty(await ReadAsync("empty.bin", 1));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown")]
    public async Task A_store_that_fails_or_asks_to_slow_down_is_unavailable(HttpStatusCode status, string code)
    {
        var (troubled, recorder) = Recording();
        await PutToAsync(troubled, "there.bin", RandomBytes(10), overwrite: true);
        recorder.Answer = _ => S3RequestRecorder.Error(status, code);

        var read = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => troubled.OpenReadAsync("there.bin", 0, Token));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => troubled.HeadAsync("there.bin", Token));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => PutToAsync(troubled, "new.bin", RandomBytes(10), overwrite: true));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => KeysAsync(troubled, ""));

        Assert.Contains(code, read.Message, StringComparison.Ordinal);
        Assert.Contains(server.ServiceUrl, read.Message, StringComparison.Ordinal);
        Assert.Contains($"'{bucket}'", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_key_the_store_does_not_know_names_the_settings_to_fix()
    {
        using var refused = new S3ObjectStore(Options(o => o.AccessKey = "NOT-AN-ACCESS-KEY"));

        var put = await Assert.ThrowsAsync<InvalidOperationException>(() => PutToAsync(refused, "a.bin", RandomBytes(10), overwrite: true));
        var head = await Assert.ThrowsAsync<InvalidOperationException>(() => refused.HeadAsync("a.bin", Token));

        AssertNamesCredentials(put);
        AssertNamesCredentials(head);
    }

    // s3rver checks only the access key of a V4 signature, so Amazon S3's other refusals are answered here.
    [Theory]
    [InlineData("SignatureDoesNotMatch")]
    [InlineData("AccessDenied")]
    public async Task A_refused_signature_or_permission_names_the_settings_to_fix(string code)
    {
        var (refused, recorder) = Recording();
        recorder.Answer = _ => S3RequestRecorder.Error(HttpStatusCode.Forbidden, code);

        var put = await Assert.ThrowsAsync<InvalidOperationException>(() => PutToAsync(refused, "a.bin", RandomBytes(10), overwrite: true));
        var read = await Assert.ThrowsAsync<InvalidOperationException>(() => refused.OpenReadAsync("a.bin", 0, Token));

        AssertNamesCredentials(put);
        AssertNamesCredentials(read);
        Assert.Contains(code, read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bucket_that_does_not_exist_names_the_bucket_and_its_setting()
    {
        var missing = $"missing-{Guid.NewGuid():N}";
        using var nowhere = new S3ObjectStore(server.Options(missing));

        var put = await Assert.ThrowsAsync<InvalidOperationException>(() => PutToAsync(nowhere, "a.bin", RandomBytes(10), overwrite: true));
        var read = await Assert.ThrowsAsync<InvalidOperationException>(() => nowhere.OpenReadAsync("a.bin", 0, Token));
        var list = await Assert.ThrowsAsync<InvalidOperationException>(() => KeysAsync(nowhere, ""));

        foreach (var error in new[] { put, read, list })
        {
            Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("MediaStore:S3:Bucket", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_stopped_store_is_unavailable_and_once_started_again_its_objects_read_back()
    {
        using var own = new S3rverServer();
        await own.StartAsync();
        await own.CreateBucketAsync("media");
        using var restarted = new S3ObjectStore(own.Options("media"));
        var bytes = RandomBytes(100_000);
        Assert.True(await PutToAsync(restarted, "kept.bin", bytes, overwrite: false));

        await own.StopAsync();

        var head = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => restarted.HeadAsync("kept.bin", Token));
        Assert.Contains(own.ServiceUrl, head.Message, StringComparison.Ordinal);
        Assert.Contains("'media'", head.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => PutToAsync(restarted, "new.bin", bytes, overwrite: false));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => restarted.OpenReadAsync("kept.bin", 0, Token));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => restarted.DeleteAsync("kept.bin", Token));
        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => KeysAsync(restarted, ""));

        await own.StartAsync();

        Assert.Equal(bytes, await ReadFromAsync(restarted, "kept.bin", 0));
        Assert.Equal(["kept.bin"], await KeysAsync(restarted, ""));
    }

    [Fact]
    public async Task A_read_cut_off_by_the_store_stopping_is_unavailable()
    {
        using var own = new S3rverServer();
        await own.StartAsync();
        await own.CreateBucketAsync("media");
        using var cut = new S3ObjectStore(own.Options("media"));
        // Far more than the loopback connection and both ends can hold, so the rest cannot have arrived.
        await PutToAsync(cut, "long.bin", RandomBytes(64 * 1024 * 1024), overwrite: true);
        await using var stream = await cut.OpenReadAsync("long.bin", 0, Token);
        var start = new byte[1024 * 1024];
        await stream.ReadExactlyAsync(start, Token);

        await own.StopAsync();

        await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => stream.CopyToAsync(Stream.Null, Token));
    }

    public ValueTask DisposeAsync()
    {
        store?.Dispose();
        foreach (var item in owned)
            item.Dispose();
        return ValueTask.CompletedTask;
    }

    private S3StoreOptions Options(Action<S3StoreOptions>? configure = null)
    {
        var options = server.Options(bucket);
        options.Prefix = StorePrefix;
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A store on this test's bucket whose every request is noted, and may be answered by the test.</summary>
    private (S3ObjectStore Store, S3RequestRecorder Recorder) Recording(Action<S3StoreOptions>? configure = null, int pageSize = 1000)
    {
        var options = Options(configure);
        var recorder = new S3RequestRecorder();
        var client = Own(S3Clients.Create(options, recorder));
        return (Own(new S3ObjectStore(options, client) { ListPageSize = pageSize }), recorder);
    }

    private T Own<T>(T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }

    private void AssertNamesCredentials(InvalidOperationException error)
    {
        Assert.Contains("MediaStore:S3:AccessKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("MediaStore:S3:SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{bucket}'", error.Message, StringComparison.Ordinal);
    }

    private static bool IsFor(S3RequestRecorder.Request request, string key) =>
        request.Uri.AbsolutePath.EndsWith($"/{StorePrefix}/{key}", StringComparison.Ordinal);

    private static bool IsAbort(S3RequestRecorder.Request request, string key) =>
        request.Method == HttpMethod.Delete && request.HasQuery("uploadId") && IsFor(request, key);

    private static async Task<bool> PutToAsync(IObjectStore target, string key, byte[] bytes, bool overwrite)
    {
        using var content = new MemoryStream(bytes);
        return await target.PutAsync(key, content, bytes.Length, overwrite, Token);
    }

    private static async Task<byte[]> ReadFromAsync(IObjectStore source, string key, long offset)
    {
        await using var stream = await source.OpenReadAsync(key, offset, Token);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    private static async Task<List<string>> KeysAsync(IObjectStore source, string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in source.ListAsync(prefix, Token))
            keys.Add(item.Key);
        return keys;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
