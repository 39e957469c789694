using RenderFarm.Nodes;

namespace RenderFarm.Metrics;

/// <summary>One render node in a <see cref="FarmMetrics"/> reading: its slots, its counters, its machine's use.</summary>
public sealed record NodeMetrics
{
    public string NodeId { get; init; } = "";

    public NodeState State { get; init; }

    public int Slots { get; init; }

    /// <summary>Chunks rendering now (the scheduler's count for a live node, the node's last report otherwise).</summary>
    public int Running { get; init; }

    /// <summary>The node's assembly slot runs a sound or a merge.</summary>
    public bool Assembling { get; init; }

    /// <summary>Chunks the node has committed since it started (as of its last report).</summary>
    public long ChunksCompleted { get; init; }

    public long ChunksFailed { get; init; }

    public long FramesRendered { get; init; }

    /// <summary>Frames of committed chunks per second since the previous reading; null on the first.</summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>The machine's CPU busy share, 0..1, as of the node's last report; null if the node does not say.</summary>
    public double? CpuShare { get; init; }

    public long? MemoryUsedBytes { get; init; }

    public long? MemoryTotalBytes { get; init; }

    /// <summary>The machine's memory in use as a share of its memory, 0..1; null if the node does not say.</summary>
    public double? MemoryShare => MemoryUsedBytes is { } used && MemoryTotalBytes is { } total && total > 0 ? (double)used / total : null;

    /// <summary>The node's last load report (its heartbeat).</summary>
    public DateTimeOffset LastReportAt { get; init; }

    /// <summary>Since the node registered, as of the reading.</summary>
    public TimeSpan Uptime { get; init; }

    /// <summary>What the node's machine costs an hour (its price catalogue entry).</summary>
    public decimal HourlyPrice { get; init; }
}
