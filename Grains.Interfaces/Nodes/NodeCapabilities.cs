using RenderFarm.Costs;

namespace RenderFarm.Nodes;

/// <summary>What a render node brings: hardware, render slots and a measured speed.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.NodeCapabilities")]
public sealed record NodeCapabilities
{
    [Id(0)] public int Cores { get; init; }
    [Id(1)] public long MemoryBytes { get; init; }
    /// <summary>GPU model if the node has one (e.g. from nvidia-smi), otherwise null.</summary>
    [Id(2)] public string? Gpu { get; init; }
    [Id(3)] public int RenderSlots { get; init; }
    /// <summary>Threads each slot's ffmpeg encodes with; 0 from a node that did not say.</summary>
    [Id(5)] public int ThreadsPerSlot { get; init; }
    /// <summary>Frames per second of a fixed 720p x264 encode measured at start; 0 if not measured.</summary>
    [Id(4)] public double BenchmarkFps { get; init; }
    /// <summary>The machine's entry in the price catalogue: what its time costs and how it is billed.</summary>
    [Id(6)] public InstancePrice Price { get; init; } = InstancePrice.LocalFree;
    /// <summary>Whether the node's ffmpeg and ffprobe run sandboxed; <see cref="SandboxState.Off"/> from a node that did not say.</summary>
    [Id(7)] public SandboxState Sandbox { get; init; }

    /// <summary>Beside its render slots a node has one slot for a job's sound or merge.</summary>
    public const int AssemblySlots = 1;

    /// <summary>
    /// What one piece of work is billed at: the machine's price shared by all its slots, the assembly
    /// slot included, so that a node's work, however busy, never bills more than its machine costs.
    /// </summary>
    public SlotPrice SlotPrice => SlotPrice.Of(Price, RenderSlots + AssemblySlots);
}
