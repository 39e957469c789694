using RenderFarm.Storage.Cache;

namespace RenderFarm.Benchmarks;

/// <summary>The node a chunk goes to, of <paramref name="nodes"/>, knowing the asset hashes it reads and the chunk's number in the run.</summary>
internal delegate int ChunkAssignment(IReadOnlyList<string> chunkAssets, IReadOnlyList<AssetCache> nodes, int chunkNumber);

internal static class ChunkAssignments
{
    /// <summary>Each run makes its assignment afresh: the farm's keeps which nodes are busy.</summary>
    public static readonly IReadOnlyList<(string Name, Func<ChunkAssignment> Make)> All =
    [
        ("round-robin", () => RoundRobin),
        ("farm scheduler", () => new FarmPolicyAssignment().Assign),
        ("held assets, load ignored", () => PreferHeldAssets),
    ];

    public static int RoundRobin(IReadOnlyList<string> chunkAssets, IReadOnlyList<AssetCache> nodes, int chunkNumber) =>
        chunkNumber % nodes.Count;

    /// <summary>The node whose cache holds most of the chunk's assets, busy or not; among equals, the first in round-robin order.</summary>
    public static int PreferHeldAssets(IReadOnlyList<string> chunkAssets, IReadOnlyList<AssetCache> nodes, int chunkNumber)
    {
        var (best, bestHeld) = (-1, -1);
        for (var step = 0; step < nodes.Count; step++)
        {
            var node = (chunkNumber + step) % nodes.Count;
            var held = nodes[node].Held.Intersect(chunkAssets, StringComparer.Ordinal).Count();
            if (held > bestHeld)
                (best, bestHeld) = (node, held);
        }
        return best;
    }
}
