using RenderFarm.Rendering;

namespace RenderFarm.Chunks;

/// <summary>A chunk as its job sees it: range, state, attempts so far and the node of the latest one.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkStatus")]
public sealed record ChunkStatus
{
    [Id(0)] public int Index { get; init; }
    [Id(1)] public FrameRange Range { get; init; }
    [Id(2)] public ChunkState State { get; init; }
    [Id(3)] public int Attempts { get; init; }
    [Id(4)] public string? Node { get; init; }
    [Id(5)] public int FramesDone { get; init; }
    [Id(6)] public string? OutputPath { get; init; }
    [Id(7)] public string? Error { get; init; }
    /// <summary>Every node an attempt ran on, in order.</summary>
    [Id(8)] public IReadOnlyList<string> NodesTried { get; init; } = [];
}
