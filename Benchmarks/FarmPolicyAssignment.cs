using System.Net;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Scheduling;
using RenderFarm.Storage.Cache;

namespace RenderFarm.Benchmarks;

/// <summary>
/// The farm's own choice (<see cref="SchedulingPolicy"/>, data locality among the nodes free now), each
/// node with one render slot and the chunks dispatched in waves of one per node, as on a farm whose
/// nodes are all busy: a node given a chunk in this wave is not free for the next one.
/// </summary>
internal sealed class FarmPolicyAssignment
{
    private static readonly JobTicket Job = new(Guid.Empty, JobPriority.Normal, null, DateTimeOffset.UnixEpoch);
    private readonly HashSet<int> busy = [];
    private int wave = -1;

    public int Assign(IReadOnlyList<string> chunkAssets, IReadOnlyList<AssetCache> nodes, int chunkNumber)
    {
        if (chunkNumber / nodes.Count != wave)
        {
            wave = chunkNumber / nodes.Count;
            busy.Clear();
        }
        var entries = nodes.Select((cache, i) => new NodeEntry(Node(i), busy.Contains(i) ? [WorkKey.ForChunk(Guid.Empty, i)] : [])
        {
            Held = cache.Held.ToHashSet(StringComparer.Ordinal),
        }).ToList();
        var work = new QueuedWork(Job, new WorkOrder(WorkKey.ForChunk(Job.JobId, chunkNumber), 1, default, [], []))
        {
            Needs = chunkAssets.ToHashSet(StringComparer.Ordinal),
        };
        var picked = entries.IndexOf(SchedulingPolicy.PickNode(work, entries) ?? throw new InvalidOperationException("no node was free in the wave"));
        busy.Add(picked);
        return picked;
    }

    /// <summary>Ids that sort as the nodes are numbered, so that the policy's last tie-break is round-robin within a wave.</summary>
    private static NodeInfo Node(int index) => new(
        $"node-{index:D3}",
        SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + index), 1),
        new NodeCapabilities { RenderSlots = 1, Cores = 1 },
        "default");
}
