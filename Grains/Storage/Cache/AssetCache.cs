using Microsoft.Extensions.Logging;
using RenderFarm.Scheduling;
using RenderFarm.Storage.Objects;
using RenderFarm.Timelines;

namespace RenderFarm.Storage.Cache;

/// <summary>
/// A node's copies of the uploaded assets its work needed, fetched from the store once, checked against
/// their SHA-256, and kept up to a size cap: above it the least recently used copies no work is reading
/// are removed. On a folder store an asset is read in place and nothing is cached.
/// </summary>
public sealed class AssetCache : IStoredAssets
{
    private readonly IMediaStore store;
    private readonly ILogger<AssetCache> logger;
    private readonly TimeProvider clock;
    private readonly long maxBytes;
    private readonly Lock gate = new();
    private readonly Dictionary<string, CachedAsset> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> fetching = new(StringComparer.Ordinal);
    private readonly Func<string, Task>? damaged;
    private AssetCacheCounters counters;
    private long heldVersion;

    /// <param name="workFolder">The node's work folder: the cache is <c>cache/</c> beside it unless its options name a folder.</param>
    /// <param name="damaged">Told of a store copy that is not the bytes its hash names (the farm removes it, so that it is uploaded again).</param>
    public AssetCache(IMediaStore store, AssetCacheOptions options, string workFolder, TimeProvider clock, ILogger<AssetCache> logger, Func<string, Task>? damaged = null)
    {
        this.damaged = damaged;
        this.store = store;
        this.clock = clock;
        this.logger = logger;
        maxBytes = options.MaxBytes;
        Folder = Path.GetFullPath(options.Folder ?? Path.Combine(workFolder, "cache"));
        Directory.CreateDirectory(Folder);
        foreach (var entry in CachedAsset.FindIn(Folder))
            entries[entry.Sha256] = entry;
    }

    public string Folder { get; }

    public AssetCacheCounters Counters
    {
        get
        {
            lock (gate)
                return counters with { Bytes = entries.Values.Sum(e => e.Size), Assets = entries.Count };
        }
    }

    /// <summary>The most hashes <see cref="Held"/> lists: the scheduler's view of a node stays a small message.</summary>
    public const int HeldListed = 4096;

    /// <summary>The content hashes this node holds a copy of, most recently used first, for the scheduler's data locality.</summary>
    public IReadOnlyList<string> Held
    {
        get
        {
            lock (gate)
                return entries.Values.OrderByDescending(e => e.LastUsed).Take(HeldListed).Select(e => e.Sha256).ToList();
        }
    }

    /// <summary>Grows whenever a copy is added or removed: <see cref="Held"/> changed since it was last read at another value.</summary>
    public long HeldVersion
    {
        get
        {
            lock (gate)
                return heldVersion;
        }
    }

    /// <summary>How many of these uploaded assets this node holds now; null on a folder store (read in place) or when there are none.</summary>
    public AssetLocality? Locality(IReadOnlySet<string> sha256s)
    {
        if (sha256s.Count == 0 || store.Objects.LocalPath(MediaKeys.Asset(sha256s.First())) is not null)
            return null;
        lock (gate)
            return new AssetLocality(sha256s.Count, sha256s.Count(entries.ContainsKey));
    }

    /// <summary>
    /// The asset as a file to read until the lease is disposed: in place on a folder store, else this
    /// node's copy, fetched first when it has none.
    /// </summary>
    /// <param name="extension">The file name's ending the asset had where it came from (ffmpeg reads images by it).</param>
    /// <exception cref="StoredObjectNotFoundException">The store has no such asset.</exception>
    /// <exception cref="StoredContentMismatchException">The store's bytes are not the asset's.</exception>
    public async Task<AssetLease> AcquireAsync(string sha256, string extension, CancellationToken cancellationToken)
    {
        var key = MediaKeys.Asset(sha256);
        if (store.Objects.LocalPath(key) is { } inPlace)
        {
            return File.Exists(inPlace)
                ? new AssetLease(inPlace, release: null)
                : throw new StoredObjectNotFoundException(key, inPlace);
        }

        // Work that waited for the fetch found the asset missing: only a copy there already is a hit.
        var fetched = false;
        while (true)
        {
            Task pending;
            lock (gate)
            {
                if (entries.TryGetValue(sha256, out var entry) && File.Exists(entry.Path))
                {
                    entry.Leases++;
                    entry.LastUsed = clock.GetUtcNow();
                    if (!fetched)
                        counters = counters with { Hits = counters.Hits + 1, BytesSaved = counters.BytesSaved + entry.Size };
                    return new AssetLease(entry.Path, () => Release(entry));
                }
                if (entries.Remove(sha256))
                    heldVersion++;
                if (!fetching.TryGetValue(sha256, out pending!))
                {
                    pending = FetchAsync(sha256, CachedAsset.FileName(sha256, extension));
                    fetching[sha256] = pending;
                }
            }
            await pending.WaitAsync(cancellationToken);
            fetched = true;
        }
    }

    async Task<IAssetFile?> IStoredAssets.OpenAsync(string sha256, string extension, CancellationToken cancellationToken)
    {
        try
        {
            return await AcquireAsync(sha256, extension, cancellationToken);
        }
        catch (StoredObjectNotFoundException)
        {
            return null;
        }
        catch (StoredContentMismatchException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>Fetched apart from any one caller's cancellation: others may be waiting for the same asset.</summary>
    private async Task FetchAsync(string sha256, string fileName)
    {
        await Task.Yield();
        var target = Path.Combine(Folder, fileName);
        var staged = Path.Combine(Folder, $".{fileName}.{Guid.NewGuid():N}.partial");
        try
        {
            long size;
            try
            {
                size = await StoreDownload.ToFileAsync(store.Objects, MediaKeys.Asset(sha256), staged, sha256, CancellationToken.None);
            }
            catch (StoredContentMismatchException) when (damaged is not null)
            {
                ReportDamaged(sha256);
                throw;
            }
            File.Move(staged, target, overwrite: true);
            lock (gate)
            {
                entries[sha256] = new CachedAsset(sha256, target, size, clock.GetUtcNow());
                heldVersion++;
                counters = counters with { Misses = counters.Misses + 1, BytesFetched = counters.BytesFetched + size };
                EvictBeyondCap(keep: sha256);
            }
            logger.LogInformation("Fetched asset {Sha256} ({Bytes} bytes) into the node's cache", sha256, size);
        }
        finally
        {
            File.Delete(staged);
            lock (gate)
                fetching.Remove(sha256);
        }
    }

    /// <summary>Not waited for: checking the copy reads it whole, and the work that found it fails meanwhile anyway.</summary>
    private void ReportDamaged(string sha256) =>
        damaged!(sha256).ContinueWith(
            check => logger.LogWarning("Asset {Sha256}: the damaged store copy was not reported: {Error}", sha256, check.Exception?.GetBaseException().Message),
            TaskContinuationOptions.OnlyOnFaulted);

    private void Release(CachedAsset entry)
    {
        lock (gate)
        {
            entry.Leases--;
            EvictBeyondCap(keep: null);
        }
    }

    private void EvictBeyondCap(string? keep)
    {
        var total = entries.Values.Sum(e => e.Size);
        foreach (var entry in entries.Values.Where(e => e.Leases == 0 && e.Sha256 != keep).OrderBy(e => e.LastUsed).ToList())
        {
            if (total <= maxBytes)
                break;
            File.Delete(entry.Path);
            entries.Remove(entry.Sha256);
            heldVersion++;
            total -= entry.Size;
            counters = counters with { Evicted = counters.Evicted + 1 };
        }
    }
}
