using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Chunks;

/// <summary>A piece of a job's work as its job keeps it: range, state, attempts so far, nodes, and every attempt's record.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkStatus")]
public sealed record ChunkStatus
{
    [Id(0)] public int Index { get; init; }
    [Id(1)] public FrameRange Range { get; init; }
    [Id(2)] public ChunkState State { get; init; }
    /// <summary>The number of the latest attempt in the first lane (attempts are numbered by the job from 1).</summary>
    [Id(3)] public int Attempts { get; init; }
    /// <summary>The node of the latest attempt, or of the one whose file was committed.</summary>
    [Id(4)] public string? Node { get; init; }
    [Id(5)] public int FramesDone { get; init; }
    [Id(6)] public string? OutputPath { get; init; }
    [Id(7)] public string? Error { get; init; }
    /// <summary>Every node an attempt ran on, in order.</summary>
    [Id(8)] public IReadOnlyList<string> NodesTried { get; init; } = [];
    [Id(9)] public WorkKind Kind { get; init; }
    /// <summary>Every attempt that started, in order, with how it ended.</summary>
    [Id(10)] public IReadOnlyList<AttemptRecord> History { get; init; } = [];
}
