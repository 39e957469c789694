using RenderFarm.Rendering;

namespace RenderFarm.Scheduling;

/// <summary>
/// A job's order to the scheduler: run this attempt of this piece. The job owns the attempt number
/// and the nodes to keep away from; the scheduler only picks a node with a free slot and sends it.
/// </summary>
/// <param name="Avoid">Nodes this piece failed or stalled on: another node is preferred when one is free.</param>
/// <param name="Blocked">Nodes blocklisted for the whole job: never used, unless every node is.</param>
/// <param name="NotBefore">A retry waits out its backoff.</param>
/// <param name="Merge">For a merge: the committed chunks and sound to join.</param>
[GenerateSerializer, Immutable, Alias("RenderFarm.WorkOrder")]
public sealed record WorkOrder(
    [property: Id(0)] WorkKey Key,
    [property: Id(1)] int Attempt,
    [property: Id(2)] FrameRange Range,
    [property: Id(3)] IReadOnlyList<string> Avoid,
    [property: Id(4)] IReadOnlyList<string> Blocked,
    [property: Id(5)] DateTimeOffset? NotBefore = null,
    [property: Id(6)] MergeInputs? Merge = null);

/// <summary>What a merge joins: every chunk's committed file, in order, and the committed sound.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.MergeInputs")]
public sealed record MergeInputs(
    [property: Id(0)] IReadOnlyList<ChunkFile> Chunks,
    [property: Id(1)] string SoundPath);
