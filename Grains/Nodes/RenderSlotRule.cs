namespace RenderFarm.Nodes;

/// <summary>
/// How many chunks a node renders at once (slots) and how many threads each chunk's ffmpeg gets,
/// from the machine's cores: threads per slot = clamp(cores / <see cref="SlotsToAimFor"/>, 1,
/// <see cref="MaxThreadsPerSlot"/>); slots = clamp(cores / threads per slot, 1, <see cref="MaxSlots"/>).
/// 1 core: 1 × 1 thread; 2: 2 × 1; 4: 4 × 1; 8: 4 × 2; 16: 4 × 4; 64: 8 × 8.
/// </summary>
public sealed record RenderSlotRule(int Cores, int Slots, int ThreadsPerSlot)
{
    /// <summary>
    /// The number of slots a node of many cores aims for. Below 2 × this many cores every slot gets
    /// one thread and there are as many slots as cores: most of a chunk's fixed cost is the
    /// encoder's thread ramp (look-ahead fill, frame threads starting one after another), which a
    /// single-threaded encoder does not have and which parallel slots hide. Measured on 2 cores: the
    /// feature sample as 8 chunks on 2 slots took 10.1–11.2 s end to end, as fast as one ffmpeg run
    /// of the whole timeline (10.4–11.1 s), where 4 chunks on 1 slot took 12.6–13.9 s. Past that, a
    /// slot's threads grow with the cores instead of the slot count: each slot holds its own
    /// decoders and 1080p filter graph in memory, and a job's few chunks should not wait behind each
    /// other's share of a big machine.
    /// </summary>
    public const int SlotsToAimFor = 4;

    /// <summary>
    /// x264's frame threads past about 8 add a frame of latency each and little speed at 1080p (a
    /// frame thread waits on the rows of the frame before it), so a bigger machine gets more slots.
    /// </summary>
    public const int MaxThreadsPerSlot = 8;

    /// <summary>The most slots a node may have (<see cref="RenderNodeOptions.RenderSlots"/> is refused above it).</summary>
    public const int MaxSlots = 64;

    /// <summary>This machine's slots and threads, from the cores .NET sees (CPU limits of a container included).</summary>
    public static RenderSlotRule ThisMachine { get; } = ForCores(Environment.ProcessorCount);

    public static RenderSlotRule ForCores(int cores)
    {
        cores = Math.Max(1, cores);
        var threads = Math.Clamp(cores / SlotsToAimFor, 1, MaxThreadsPerSlot);
        return new RenderSlotRule(cores, Math.Clamp(cores / threads, 1, MaxSlots), threads);
    }

    /// <summary>Threads per slot when the slot count is configured: the machine's cores shared among the slots.</summary>
    public static int ThreadsPerSlotFor(int cores, int slots) => Math.Clamp(Math.Max(1, cores) / Math.Max(1, slots), 1, MaxThreadsPerSlot);
}
