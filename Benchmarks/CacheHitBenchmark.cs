using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using RenderFarm.Storage;
using RenderFarm.Storage.Cache;
using Spectre.Console;

namespace RenderFarm.Benchmarks;

/// <summary>How one way of assigning chunks to nodes fared: the nodes' cache counters summed, and the load on the busiest node.</summary>
internal sealed record CacheRunResult(string Assignment, int Nodes, int Chunks, long BytesRead, AssetCacheCounters Total, int BusiestNodeChunks, double Seconds);

/// <summary>
/// Real node caches (one per simulated node, each capped so that eviction plays a part) over the real
/// store, reading the assets of a run of jobs that share a pool of media, chunk after chunk, each chunk on
/// the node an assignment picks. Every assignment starts from empty caches and sees the same chunks.
/// </summary>
internal sealed class CacheHitBenchmark(IBenchmarkStore store, string workFolder, int nodes, long cacheBytes)
{
    private const string Extension = ".mov";

    /// <summary>The pool's assets, random bytes of the workload's sizes, stored as uploads are.</summary>
    public async Task<IReadOnlyList<PoolAsset>> UploadPoolAsync(SharedMediaShape shape, CancellationToken cancellationToken)
    {
        var pool = new List<PoolAsset>();
        var random = new Random(shape.Seed + 2);
        foreach (var bytes in SharedMediaWorkload.AssetSizes(shape))
        {
            var content = new byte[bytes];
            random.NextBytes(content);
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));
            using var stream = new MemoryStream(content, writable: false);
            await store.Objects.PutAsync(MediaKeys.Asset(sha), stream, bytes, overwrite: true, cancellationToken);
            pool.Add(new PoolAsset(sha, bytes));
        }
        return pool;
    }

    public async Task<CacheRunResult> RunAsync(string name, ChunkAssignment assign, IReadOnlyList<WorkloadChunk> chunks, CancellationToken cancellationToken)
    {
        var options = new MediaStoreOptions { Root = Path.Combine(workFolder, "cache-store-root"), AssetsRoot = Path.Combine(workFolder, "cache-assets") };
        store.Configure(options);
        var media = new MediaStore(options, store.Objects, TimeProvider.System, NullLogger.Instance);
        var folder = Path.Combine(workFolder, $"caches-{Guid.NewGuid():N}");
        var caches = Enumerable.Range(0, nodes)
            .Select(i => new AssetCache(media, new AssetCacheOptions { Folder = Path.Combine(folder, $"node-{i + 1}"), MaxBytes = cacheBytes }, folder, TimeProvider.System, NullLogger<AssetCache>.Instance))
            .ToList();
        var perNode = new int[nodes];
        var clock = Stopwatch.StartNew();
        try
        {
            for (var number = 0; number < chunks.Count; number++)
            {
                var hashes = chunks[number].Assets.Select(a => a.Sha256).ToList();
                var node = assign(hashes, caches, number);
                perNode[node]++;
                var leases = new List<AssetLease>();
                try
                {
                    foreach (var hash in hashes)
                        leases.Add(await caches[node].AcquireAsync(hash, Extension, cancellationToken));
                }
                finally
                {
                    leases.ForEach(lease => lease.Dispose());
                }
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var total = caches.Select(c => c.Counters).Aggregate((a, b) => new AssetCacheCounters(
                a.Hits + b.Hits, a.Misses + b.Misses, a.BytesFetched + b.BytesFetched, a.BytesSaved + b.BytesSaved, a.Evicted + b.Evicted, a.Bytes + b.Bytes, a.Assets + b.Assets));
            var result = new CacheRunResult(name, nodes, chunks.Count, chunks.Sum(c => c.Assets.Sum(a => a.Bytes)), total, perNode.Max(), seconds);
            AnsiConsole.WriteLine($"  {name}: {total.Hits} hits, {total.Misses} misses, {total.Evicted} evicted, chunks per node {string.Join("/", perNode)}, {BenchmarkStatistics.F(seconds)} s");
            return result;
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
