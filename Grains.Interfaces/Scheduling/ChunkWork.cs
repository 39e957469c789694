using RenderFarm.Chunks;
using RenderFarm.Rendering;

namespace RenderFarm.Scheduling;

/// <summary>
/// A chunk waiting for a slot, in a lane (a backup runs in its own lane beside the first attempt),
/// with the nodes it should rather not go to (where it failed or stalled before) and the earliest
/// time it may start (a retry waits out its backoff). Attempts are numbered on from
/// <see cref="AttemptsSoFar"/>, so a scheduler that restarted never reuses an attempt number.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkWork")]
public sealed record ChunkWork(
    [property: Id(0)] ChunkKey Chunk,
    [property: Id(1)] FrameRange Range,
    [property: Id(2)] int Lane = ChunkKey.PrimaryLane,
    [property: Id(3)] IReadOnlyList<string>? AvoidNodes = null,
    [property: Id(4)] DateTimeOffset? NotBefore = null,
    [property: Id(5)] int AttemptsSoFar = 0)
{
    public IReadOnlyList<string> Avoid => AvoidNodes ?? [];
}
