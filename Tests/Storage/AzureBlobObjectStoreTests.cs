using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using RenderFarm.Storage.Azure;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobObjectStoreTests : ObjectStoreContract, IAsyncLifetime
{
    private const string ContainerName = "contract";
    private const string StorePrefix = "farm/media";

    private readonly AzuriteServer azurite;

    public AzureBlobObjectStoreTests(AzuriteServer azurite)
    {
        this.azurite = azurite;
        var options = azurite.Options(ContainerName);
        options.Prefix = StorePrefix;
        Store = new AzureBlobObjectStore(options);
    }

    protected override IObjectStore Store { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await azurite.CreateContainerAsync(ContainerName);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task An_object_is_the_blob_prefix_slash_key_and_blobs_outside_the_prefix_are_not_listed()
    {
        var key = $"prefixed-{Guid.NewGuid():N}/a.bin";
        await PutAsync(key, [1, 2, 3], overwrite: false);
        var container = azurite.Client().GetBlobContainerClient(ContainerName);
        await container.GetBlobClient($"{key}-outside").UploadAsync(BinaryData.FromBytes([4]), Token);

        Assert.Equal($"http://127.0.0.1:{azurite.Port}/{AzuriteServer.AccountName}/{ContainerName}/{StorePrefix}/{key}", Store.Describe(key));
        Assert.Null(Store.LocalPath(key));
        Assert.Equal([1, 2, 3], (await container.GetBlobClient($"{StorePrefix}/{key}").DownloadContentAsync(Token)).Value.Content.ToArray());
        var listed = new List<string>();
        await foreach (var item in Store.ListAsync(key.Split('/')[0], Token))
            listed.Add(item.Key);
        Assert.Equal([key], listed);
    }

    [Fact]
    public async Task An_empty_object_is_stored_and_a_read_at_or_past_the_end_is_empty()
    {
        var empty = $"ends-{Guid.NewGuid():N}/empty.bin";
        var small = $"ends-{Guid.NewGuid():N}/small.bin";
        Assert.True(await PutAsync(empty, [], overwrite: false));
        await PutAsync(small, [1, 2, 3, 4], overwrite: false);

        Assert.Equal(0, (await Store.HeadAsync(empty, Token))!.Size);
        Assert.Empty(await ReadAsync(empty, 0));
        Assert.Equal([4], await ReadAsync(small, 3));
        Assert.Empty(await ReadAsync(small, 4));
        Assert.Empty(await ReadAsync(small, 100));
    }

    [Fact]
    public async Task A_listing_follows_every_page()
    {
        var folder = $"pages-{Guid.NewGuid():N}";
        var keys = Enumerable.Range(0, 5).Select(i => $"{folder}/{i}.bin").ToList();
        foreach (var key in keys)
            await PutAsync(key, [1], overwrite: false);
        // Azure answers up to 5000 names a page; a page of two makes a listing of five take three.
        var pages = new SmallPagesPolicy(2);
        var options = azurite.Options(ContainerName);
        options.Prefix = StorePrefix;
        var store = new AzureBlobObjectStore(options, client => client.AddPolicy(pages, HttpPipelinePosition.PerCall));

        var listed = new List<string>();
        await foreach (var item in store.ListAsync(folder + "/", Token))
            listed.Add(item.Key);

        Assert.Equal(keys, listed);
        Assert.Equal(3, pages.Requests);
    }

    [Fact]
    public async Task Staged_blocks_stay_invisible_until_the_commit_and_content_that_ends_short_commits_none()
    {
        var key = $"staged-{Guid.NewGuid():N}/short.bin";
        var options = azurite.Options(ContainerName);
        options.Prefix = StorePrefix;
        options.BlockSizeBytes = AzureBlobStoreOptions.MinBlockSizeBytes;
        options.MaxConcurrency = 1;
        var store = new AzureBlobObjectStore(options);
        var bytes = RandomNumberGenerator.GetBytes((int)(2 * AzureBlobStoreOptions.MinBlockSizeBytes));
        var content = new GatedStream(bytes);

        var put = store.PutAsync(key, content, bytes.Length + 1000, overwrite: true, Token);
        await content.Drained.Task.WaitAsync(TimeSpan.FromMinutes(1), Token);

        var blob = azurite.Client().GetBlobContainerClient(ContainerName).GetBlockBlobClient($"{StorePrefix}/{key}");
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: Token)).Value;
        Assert.Equal(2, blocks.UncommittedBlocks.Count());
        Assert.Null(await store.HeadAsync(key, Token));

        content.Open.SetResult();
        await Assert.ThrowsAsync<EndOfStreamException>(() => put);
        Assert.Null(await store.HeadAsync(key, Token));
    }

    [Fact]
    public async Task Two_uploads_of_one_key_at_once_stage_blocks_of_their_own_and_leave_one_of_them_whole()
    {
        var key = $"race-{Guid.NewGuid():N}/both.bin";
        var requests = new RecordingPolicy();
        var options = azurite.Options(ContainerName);
        options.BlockSizeBytes = AzureBlobStoreOptions.MinBlockSizeBytes;
        var store = new AzureBlobObjectStore(options, client => client.AddPolicy(requests, HttpPipelinePosition.PerCall));
        var first = RandomNumberGenerator.GetBytes((int)(6 * AzureBlobStoreOptions.MinBlockSizeBytes));
        var second = RandomNumberGenerator.GetBytes(first.Length);

        var outcomes = await Task.WhenAll(UploadAsync(first), UploadAsync(second));

        // Blocks named by their offset alone would be shared by both uploads, each replacing the other's.
        var blocks = requests.Sent.Where(r => r.Operation == "put block").Select(r => r.BlockId).ToList();
        Assert.Equal(12, blocks.Count);
        Assert.Equal(12, blocks.Distinct().Count());
        Assert.Contains(true, outcomes);
        var stored = SHA256.HashData(await ReadAsync(store, key));
        Assert.True(stored.SequenceEqual(SHA256.HashData(first)) || stored.SequenceEqual(SHA256.HashData(second)), "the object mixes both uploads");

        async Task<bool> UploadAsync(byte[] bytes)
        {
            try
            {
                using var content = new MemoryStream(bytes);
                return await store.PutAsync(key, content, bytes.Length, overwrite: true, Token);
            }
            catch (ObjectStoreUnavailableException)
            {
                // The other upload committed while this one staged, discarding its blocks: worth a retry.
                return false;
            }
        }
    }

    [Fact]
    public async Task Without_overwrite_a_staged_upload_keeps_the_first_object()
    {
        var key = $"once-{Guid.NewGuid():N}/large.bin";
        var options = azurite.Options(ContainerName);
        options.BlockSizeBytes = AzureBlobStoreOptions.MinBlockSizeBytes;
        var store = new AzureBlobObjectStore(options);
        var first = RandomNumberGenerator.GetBytes((int)(2.5 * AzureBlobStoreOptions.MinBlockSizeBytes));
        var second = RandomNumberGenerator.GetBytes(first.Length);

        using (var content = new MemoryStream(first))
            Assert.True(await store.PutAsync(key, content, first.Length, overwrite: false, Token));
        using (var content = new MemoryStream(second))
            Assert.False(await store.PutAsync(key, content, second.Length, overwrite: false, Token));

        Assert.Equal(first, await ReadAsync(store, key));
    }

    [Fact]
    public async Task A_container_that_does_not_exist_is_named_with_its_setting()
    {
        var store = new AzureBlobObjectStore(azurite.Options("no-such-container"));

        var put = await Assert.ThrowsAsync<InvalidOperationException>(() => PutAsync(store, "a.bin", [1]));
        var head = await Assert.ThrowsAsync<InvalidOperationException>(() => store.HeadAsync("a.bin", Token));

        foreach (var error in new[] { put, head })
        {
            Assert.Contains("'no-such-container'", error.Message, StringComparison.Ordinal);
            Assert.Contains("MediaStore:Azure:Container", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_account_key_is_an_error_naming_the_container_and_the_settings()
    {
        var options = azurite.Options(ContainerName);
        options.AccountKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var store = new AzureBlobObjectStore(options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.HeadAsync("a.bin", Token));

        Assert.Contains($"'{ContainerName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MediaStore:Azure:AccountName and AccountKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_string_reaches_the_same_store()
    {
        var key = $"connection-{Guid.NewGuid():N}/a.bin";
        await PutAsync(key, [7, 8], overwrite: false);
        var store = new AzureBlobObjectStore(new AzureBlobStoreOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint={azurite.ServiceUri};",
            Container = ContainerName,
            Prefix = StorePrefix,
        });

        Assert.Equal([7, 8], await ReadAsync(store, key));
    }

    [Fact]
    public async Task The_encryption_scope_is_sent_with_every_write()
    {
        // Azurite accepts x-ms-encryption-scope and ignores it (it neither checks that the scope exists
        // nor reports it back), so the test looks at the requests the store sends.
        var requests = new RecordingPolicy();
        var options = azurite.Options(ContainerName);
        options.EncryptionScope = "farm-media-scope";
        options.BlockSizeBytes = AzureBlobStoreOptions.MinBlockSizeBytes;
        var store = new AzureBlobObjectStore(options, client => client.AddPolicy(requests, HttpPipelinePosition.PerCall));
        var folder = $"scope-{Guid.NewGuid():N}";

        await PutAsync(store, $"{folder}/small.bin", [1, 2, 3]);
        await PutAsync(store, $"{folder}/large.bin", RandomNumberGenerator.GetBytes((int)(1.5 * AzureBlobStoreOptions.MinBlockSizeBytes)));

        var writes = requests.Sent.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(["put blob", "put block", "put block", "put block list"], writes.Select(r => r.Operation));
        Assert.All(writes, r => Assert.Equal("farm-media-scope", r.EncryptionScope));
        Assert.Equal([1, 2, 3], await ReadAsync(store, $"{folder}/small.bin"));
    }

    [Fact]
    public async Task A_stopped_server_makes_the_store_unavailable_within_seconds_and_a_restarted_one_serves_the_object_again()
    {
        await using var server = new AzuriteServer();
        await server.InitializeAsync();
        await server.CreateContainerAsync("restart");
        var store = new AzureBlobObjectStore(server.Options("restart"));
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        await PutAsync(store, "kept.bin", bytes);

        await server.StopAsync();
        var errors = new[]
        {
            await UnavailableAsync(() => store.HeadAsync("kept.bin", Token)),
            await UnavailableAsync(() => store.OpenReadAsync("kept.bin", 0, Token)),
            await UnavailableAsync(() => PutAsync(store, "new.bin", [1])),
            await UnavailableAsync(() => store.DeleteAsync("kept.bin", Token)),
            await UnavailableAsync(async () =>
            {
                await foreach (var _ in store.ListAsync("", Token))
                {
                }
            }),
        };
        foreach (var error in errors)
        {
            Assert.Contains($"http://127.0.0.1:{server.Port}/{AzuriteServer.AccountName}", error.Message, StringComparison.Ordinal);
            Assert.Contains("'restart'", error.Message, StringComparison.Ordinal);
        }

        await server.StartAsync();
        Assert.Equal(bytes, await ReadAsync(store, "kept.bin"));
    }

    private static async Task<ObjectStoreUnavailableException> UnavailableAsync(Func<Task> request)
    {
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(request);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        return error;
    }

    private static async Task PutAsync(IObjectStore store, string key, byte[] bytes)
    {
        using var content = new MemoryStream(bytes);
        Assert.True(await store.PutAsync(key, content, bytes.Length, overwrite: true, Token));
    }

    private static async Task<byte[]> ReadAsync(IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, 0, Token);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    /// <summary>Serves its bytes, then waits at their end until opened, and ends there.</summary>
    private sealed class GatedStream(byte[] bytes) : Stream
    {
        private int position;

        /// <summary>Completes when a read has reached the end of the bytes.</summary>
        public TaskCompletionSource Drained { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position == bytes.Length)
            {
                Drained.TrySetResult();
                await Open.Task.WaitAsync(cancellationToken);
                return 0;
            }
            var count = Math.Min(buffer.Length, bytes.Length - position);
            bytes.AsMemory(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Asks for listings in pages of a few names.</summary>
    private sealed class SmallPagesPolicy(int size) : HttpPipelineSynchronousPolicy
    {
        private int requests;

        public int Requests => requests;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (!message.Request.Uri.Query.Contains("comp=list", StringComparison.Ordinal))
                return;
            message.Request.Uri.AppendQuery("maxresults", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Interlocked.Increment(ref requests);
        }
    }

    /// <summary>Keeps what each request the store sends is and which encryption scope it carries.</summary>
    private sealed class RecordingPolicy : HttpPipelinePolicy
    {
        private readonly List<(string Method, string Operation, string? BlockId, string? EncryptionScope)> sent = [];

        public IReadOnlyList<(string Method, string Operation, string? BlockId, string? EncryptionScope)> Sent
        {
            get
            {
                lock (sent)
                    return [.. sent];
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Record(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Record(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Record(HttpMessage message)
        {
            var request = message.Request;
            var query = request.Uri.Query.TrimStart('?');
            var operation = query.Contains("comp=blocklist", StringComparison.Ordinal) ? "put block list"
                : query.Contains("comp=block", StringComparison.Ordinal) ? "put block"
                : "put blob";
            var blockId = query.Split('&').FirstOrDefault(p => p.StartsWith("blockid=", StringComparison.Ordinal))?["blockid=".Length..];
            request.Headers.TryGetValue("x-ms-encryption-scope", out var scope);
            lock (sent)
                sent.Add((request.Method.Method, operation, blockId, scope));
        }
    }
}
