namespace RenderFarm.Benchmarks;

/// <summary>An asset of the shared pool: its content hash and size.</summary>
internal sealed record PoolAsset(string Sha256, long Bytes);

/// <summary>A chunk of a job: the assets its frames show.</summary>
internal sealed record WorkloadChunk(int Job, int Index, IReadOnlyList<PoolAsset> Assets);

/// <summary>What shapes a <see cref="SharedMediaWorkload"/>.</summary>
internal sealed record SharedMediaShape(int Assets, long MeanAssetBytes, int Jobs, int AssetsPerJob, int ChunksPerJob, int Seed);

/// <summary>
/// A run of jobs whose timelines draw on one pool of assets, some far more used than others (as a
/// show's intro, logo and recurring footage are): each job cuts a few of them one after another, in
/// clips of different lengths, and is split into chunks of equal length that each read the clips they overlap.
/// </summary>
internal static class SharedMediaWorkload
{
    /// <summary>The pool's asset sizes, from half to one and a half times the mean.</summary>
    public static IReadOnlyList<long> AssetSizes(SharedMediaShape shape)
    {
        var random = new Random(shape.Seed);
        return Enumerable.Range(0, shape.Assets).Select(_ => (long)(shape.MeanAssetBytes * (0.5 + random.NextDouble()))).ToList();
    }

    public static IReadOnlyList<WorkloadChunk> Chunks(SharedMediaShape shape, IReadOnlyList<PoolAsset> pool)
    {
        var random = new Random(shape.Seed + 1);
        // Zipf-like popularity: the asset of rank r is drawn in proportion to 1 / (r + 1).
        var weights = pool.Select((_, rank) => 1.0 / (rank + 1)).ToArray();
        var chunks = new List<WorkloadChunk>();
        for (var job = 0; job < shape.Jobs; job++)
        {
            var used = Draw(random, pool, weights, Math.Min(shape.AssetsPerJob, pool.Count));
            var lengths = used.Select(_ => random.Next(1, 4)).ToList();
            var ends = lengths.Select((_, i) => lengths.Take(i + 1).Sum()).ToList();
            double total = ends[^1];
            for (var index = 0; index < shape.ChunksPerJob; index++)
            {
                var (start, end) = (total * index / shape.ChunksPerJob, total * (index + 1) / shape.ChunksPerJob);
                var shown = used.Where((_, i) => (i == 0 ? 0 : ends[i - 1]) < end && ends[i] > start).ToList();
                chunks.Add(new WorkloadChunk(job, index, shown));
            }
        }
        return chunks;
    }

    private static List<PoolAsset> Draw(Random random, IReadOnlyList<PoolAsset> pool, double[] weights, int count)
    {
        var left = Enumerable.Range(0, pool.Count).ToList();
        var drawn = new List<PoolAsset>();
        while (drawn.Count < count)
        {
            var pick = random.NextDouble() * left.Sum(i => weights[i]);
            var chosen = left.First(i => (pick -= weights[i]) <= 0 || i == left[^1]);
            left.Remove(chosen);
            drawn.Add(pool[chosen]);
        }
        return drawn;
    }
}
