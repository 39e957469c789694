using RenderFarm.Nodes;

namespace RenderFarm.Scheduling;

/// <summary>The queue's half that keeps the pool's nodes: their coming and going, their slots, what their caches hold.</summary>
public sealed partial class SchedulingQueue
{
    public void NodeUp(NodeInfo info)
    {
        if (nodes.TryGetValue(info.NodeId, out var existing))
        {
            if (existing.Info.Silo.Equals(info.Silo))
            {
                nodes[info.NodeId] = existing with { Info = info };
                return;
            }
            // News of an earlier run of the node (a rebuild reading an old registration) never
            // replaces a later one: silo generations grow with start time.
            if (existing.Info.Silo.Generation > info.Silo.Generation)
                return;
        }
        // A node id seen again on another silo is a restarted node: its old slots died with it.
        NodeDown(info.NodeId);
        nodes[info.NodeId] = new NodeEntry(info, []);
    }

    /// <summary>Removes a node with its slots; its jobs learn that their attempts there ended and queue them again.</summary>
    public IReadOnlyList<WorkKey> NodeDown(string nodeId)
    {
        if (!nodes.Remove(nodeId, out var node))
            return [];
        var lost = node.Running.ToList();
        foreach (var key in lost)
        {
            if (running.Remove(key, out var entry))
                CountInUse(entry.Work, -1);
        }
        return lost;
    }

    /// <summary>What the node's cache holds now, as it says; a node the queue does not know is ignored.</summary>
    public void NodeHolds(string nodeId, IEnumerable<string> sha256s)
    {
        if (nodes.TryGetValue(nodeId, out var node))
            node.Held = sha256s.ToHashSet(StringComparer.Ordinal);
    }

    public bool HasNode(string nodeId) => nodes.ContainsKey(nodeId);

    public IReadOnlyList<string> NodesOn(SiloAddress silo) =>
        nodes.Values.Where(n => n.Info.Silo.Equals(silo)).Select(n => n.Id).ToList();
}
