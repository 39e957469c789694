using RenderFarm.Nodes;

namespace RenderFarm.Scheduling;

/// <summary>A node as the scheduler counts it: its facts and the pieces it runs now.</summary>
public sealed record NodeEntry(NodeInfo Info, HashSet<WorkKey> Running)
{
    public string Id => Info.NodeId;
    public int FreeSlots => Info.Capabilities.RenderSlots - Running.Count;
    public bool Idle => Running.Count == 0;
}
