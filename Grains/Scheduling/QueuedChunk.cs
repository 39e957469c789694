using RenderFarm.Chunks;

namespace RenderFarm.Scheduling;

/// <summary>One lane of one chunk: what the scheduler queues, runs and counts slots for.</summary>
public readonly record struct LaneKey(ChunkKey Chunk, int Lane);

/// <summary>A chunk in the scheduler's queue with what it is ordered by.</summary>
public sealed record QueuedChunk(JobTicket Job, ChunkWork Work)
{
    public LaneKey Key => new(Work.Chunk, Work.Lane);
}
