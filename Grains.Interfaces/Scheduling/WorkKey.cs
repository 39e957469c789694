using System.Globalization;
using RenderFarm.Chunks;

namespace RenderFarm.Scheduling;

/// <summary>
/// Names one piece of a job's work in one lane: lane 0 renders it; lane 1 is a backup attempt run
/// beside a straggling chunk. It is the key of the grain that runs the piece's attempts.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.WorkKey")]
public readonly record struct WorkKey(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] WorkKind Kind,
    [property: Id(2)] int Index,
    [property: Id(3)] int Lane = ChunkKey.PrimaryLane)
{
    public static WorkKey ForChunk(Guid jobId, int index, int lane = ChunkKey.PrimaryLane) => new(jobId, WorkKind.Chunk, index, lane);

    public static WorkKey ForSound(Guid jobId) => new(jobId, WorkKind.Sound, 0);

    public static WorkKey ForMerge(Guid jobId) => new(jobId, WorkKind.Merge, 0);

    public ChunkKey Chunk => new(JobId, Index);

    /// <summary>The same piece in its first lane.</summary>
    public WorkKey Primary => this with { Lane = ChunkKey.PrimaryLane };

    public bool IsBackup => Lane != ChunkKey.PrimaryLane;

    public string GrainKey => Kind switch
    {
        WorkKind.Chunk => Chunk.GrainKey(Lane),
        WorkKind.Sound => $"{JobId:N}/sound",
        WorkKind.Merge => $"{JobId:N}/merge",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    public override string ToString() => Kind == WorkKind.Chunk
        ? string.Create(CultureInfo.InvariantCulture, $"chunk {Index}{(IsBackup ? $" (lane {Lane})" : "")} of {JobId:N}")
        : $"{Kind.ToString().ToLowerInvariant()} of {JobId:N}";
}
