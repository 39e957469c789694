using RenderFarm.Nodes;

namespace RenderFarm.Scheduling;

/// <summary>
/// A node as the scheduler counts it: its facts and the pieces it runs now. A node has its render
/// slots for chunks and one assembly slot beside them for a sound or a merge: short work of one
/// thread that would leave a render slot's threads idle, and that needs no more than one at a time.
/// <see cref="Held"/> is what its cache holds, as the node last said.
/// </summary>
public sealed record NodeEntry(NodeInfo Info, HashSet<WorkKey> Running)
{
    public string Id => Info.NodeId;
    public int RendersRunning => Running.Count(TakesRenderSlot);
    public int FreeSlots => Info.Capabilities.RenderSlots - RendersRunning;
    public IReadOnlySet<string> Held { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>How many of these uploaded assets the node holds a copy of.</summary>
    public int HoldsOf(IReadOnlySet<string> needs) => needs.Count == 0 ? 0 : needs.Count(Held.Contains);

    public bool AssemblySlotFree => !Running.Any(k => !TakesRenderSlot(k));
    /// <summary>No render runs: a backup lane may start here.</summary>
    public bool Idle => RendersRunning == 0;

    public bool HasRoomFor(WorkKey key) =>
        !TakesRenderSlot(key) ? AssemblySlotFree
        : key.IsBackup ? Idle
        : FreeSlots > 0;

    public static bool TakesRenderSlot(WorkKey key) => key.Kind == WorkKind.Chunk;
}
