using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using RenderFarm.Scheduling;
using RenderFarm.Storage;
using RenderFarm.Storage.Cache;
using RenderFarm.Storage.Objects;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Storage;

/// <summary>A node's cache of uploaded assets over a store that must be fetched from (not read in place).</summary>
public sealed class AssetCacheTests : IDisposable
{
    private const int AssetBytes = 100_000;
    private readonly TestDirectory folder = new("asset-cache");
    private readonly FetchedFolderStore objects;
    private readonly MediaStore store;

    public AssetCacheTests()
    {
        objects = new FetchedFolderStore(new FolderObjectStore(folder.File("store")));
        store = new MediaStore(new MediaStoreOptions { Root = folder.File("store"), AssetsRoot = folder.File("assets") }, objects, TimeProvider.System, NullLogger.Instance);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_asset_is_fetched_once_and_then_read_from_the_node_s_copy()
    {
        var cache = Cache(maxBytes: 10 * AssetBytes);
        var sha = await StoreAssetAsync();

        using (var first = await cache.AcquireAsync(sha, ".mp4", Token))
            Assert.Equal(await File.ReadAllBytesAsync(objects.Inner.LocalPath(MediaKeys.Asset(sha))!, Token), await File.ReadAllBytesAsync(first.Path, Token));
        using (var second = await cache.AcquireAsync(sha, ".mp4", Token))
            Assert.StartsWith(cache.Folder, second.Path);

        var counters = cache.Counters;
        Assert.Equal((1L, 1L, (long)AssetBytes, (long)AssetBytes, 1), (counters.Hits, counters.Misses, counters.BytesFetched, counters.BytesSaved, counters.Assets));
        Assert.Equal(1, objects.Reads);
        Assert.Equal([sha], cache.Held);
    }

    [Fact]
    public async Task Work_asking_for_the_same_asset_at_once_waits_for_one_fetch()
    {
        var cache = Cache(maxBytes: 10 * AssetBytes);
        var sha = await StoreAssetAsync();

        var leases = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => cache.AcquireAsync(sha, ".mp4", Token)));

        Assert.Equal(1, objects.Reads);
        Assert.Single(leases.Select(l => l.Path).Distinct());
        foreach (var lease in leases)
            lease.Dispose();
    }

    [Fact]
    public async Task A_store_copy_that_is_not_the_asset_s_bytes_is_refused_not_kept_and_reported()
    {
        var sha = await StoreAssetAsync();
        var stored = objects.Inner.LocalPath(MediaKeys.Asset(sha))!;
        var bytes = await File.ReadAllBytesAsync(stored, Token);
        bytes[500] ^= 0xFF;
        await File.WriteAllBytesAsync(stored, bytes, Token);

        var reported = new TaskCompletionSource<string>();
        var cache = Cache(maxBytes: 10 * AssetBytes, damaged: hash => { reported.TrySetResult(hash); return Task.CompletedTask; });

        var refused = await Assert.ThrowsAsync<StoredContentMismatchException>(() => cache.AcquireAsync(sha, ".mp4", Token));

        Assert.Equal(MediaKeys.Asset(sha), refused.Key);
        Assert.Equal(sha, await reported.Task.WaitAsync(TimeSpan.FromSeconds(10), Token));
        Assert.Empty(cache.Held);
        Assert.Empty(Directory.EnumerateFiles(cache.Folder));
    }

    [Fact]
    public async Task Above_its_cap_the_cache_removes_the_least_recently_used_copy_no_work_is_reading()
    {
        var cache = Cache(maxBytes: 2 * AssetBytes + AssetBytes / 2);
        var (a, b, c) = (await StoreAssetAsync(), await StoreAssetAsync(), await StoreAssetAsync());

        using var held = await cache.AcquireAsync(a, ".mp4", Token);
        (await cache.AcquireAsync(b, ".mp4", Token)).Dispose();
        (await cache.AcquireAsync(c, ".mp4", Token)).Dispose();

        Assert.Equal(new[] { c, a }, cache.Held);
        Assert.True(File.Exists(held.Path), "an asset in use was removed");
        Assert.Equal(1, cache.Counters.Evicted);
    }

    [Fact]
    public async Task The_cache_says_how_many_of_a_piece_s_assets_it_holds_and_when_its_list_changed()
    {
        var cache = Cache(maxBytes: 10 * AssetBytes);
        var (a, b) = (await StoreAssetAsync(), await StoreAssetAsync());
        var piece = new HashSet<string> { a, b };
        var before = cache.HeldVersion;
        Assert.Equal(new AssetLocality(2, 0), cache.Locality(piece));

        (await cache.AcquireAsync(a, ".mp4", Token)).Dispose();
        var fetched = cache.HeldVersion;
        (await cache.AcquireAsync(a, ".mp4", Token)).Dispose();

        Assert.Equal(new AssetLocality(2, 1), cache.Locality(piece));
        Assert.True(fetched > before, "a fetch did not change the held list's version");
        Assert.Equal(fetched, cache.HeldVersion);
        Assert.Null(cache.Locality(new HashSet<string>()));
        var inPlace = new AssetCache(
            new MediaStore(new MediaStoreOptions { Root = folder.File("store"), AssetsRoot = folder.File("assets") }, objects.Inner, TimeProvider.System, NullLogger.Instance),
            new AssetCacheOptions { Folder = folder.File("cache-in-place") }, folder.File("work"), TimeProvider.System, NullLogger<AssetCache>.Instance);
        Assert.Null(inPlace.Locality(piece));
    }

    [Fact]
    public async Task A_node_started_again_finds_the_copies_it_fetched_before()
    {
        var sha = await StoreAssetAsync();
        (await Cache(maxBytes: 10 * AssetBytes).AcquireAsync(sha, ".png", Token)).Dispose();

        var again = Cache(maxBytes: 10 * AssetBytes);
        using var lease = await again.AcquireAsync(sha, ".png", Token);

        Assert.EndsWith(".png", lease.Path);
        Assert.Equal(1, objects.Reads);
        Assert.Equal(1, again.Counters.Hits);
    }

    [Fact]
    public async Task An_asset_the_store_lacks_is_named()
    {
        var missing = new string('a', 64);
        var error = await Assert.ThrowsAsync<StoredObjectNotFoundException>(() => Cache(maxBytes: AssetBytes).AcquireAsync(missing, ".mp4", Token));
        Assert.Equal(MediaKeys.Asset(missing), error.Key);
    }

    private AssetCache Cache(long maxBytes, Func<string, Task>? damaged = null) => new(
        store,
        new AssetCacheOptions { Folder = folder.File("cache"), MaxBytes = maxBytes },
        folder.File("work"),
        TimeProvider.System,
        NullLogger<AssetCache>.Instance,
        damaged);

    private async Task<string> StoreAssetAsync()
    {
        var bytes = new byte[AssetBytes];
        Random.Shared.NextBytes(bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var content = new MemoryStream(bytes);
        await objects.PutAsync(MediaKeys.Asset(sha), content, bytes.Length, overwrite: true, Token);
        return sha;
    }

    public void Dispose() => folder.Dispose();

    /// <summary>A folder store seen as a remote one: nothing is read in place, and reads are counted.</summary>
    private sealed class FetchedFolderStore(FolderObjectStore inner) : IObjectStore
    {
        private int reads;

        public FolderObjectStore Inner { get; } = inner;

        public int Reads => Volatile.Read(ref reads);

        public string Describe(string key) => Inner.Describe(key);

        public string? LocalPath(string key) => null;

        public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken) => Inner.HeadAsync(key, cancellationToken);

        public Task<bool> PutAsync(string key, Stream content, long length, bool overwrite, CancellationToken cancellationToken) =>
            Inner.PutAsync(key, content, length, overwrite, cancellationToken);

        public Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            return Inner.OpenReadAsync(key, offset, cancellationToken);
        }

        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) => Inner.DeleteAsync(key, cancellationToken);

        public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken) => Inner.ListAsync(prefix, cancellationToken);
    }
}
