using RenderFarm.Chunks;

namespace RenderFarm.Scheduling;

/// <summary>One lane of one chunk: what the scheduler queues, runs and counts slots for.</summary>
public readonly record struct LaneKey(ChunkKey Chunk, int Lane);

/// <summary>A chunk in the scheduler's queue with what it is ordered by.</summary>
public sealed record QueuedChunk(JobTicket Job, ChunkWork Work)
{
    public LaneKey Key => new(Work.Chunk, Work.Lane);

    /// <summary>
    /// The number of an attempt that was sent but turned away before it started (misplaced): it is
    /// sent again under that number, so a chunk's attempt count tells renders, not deliveries.
    /// </summary>
    public int? ResendAttempt { get; init; }

    /// <summary>How many times in a row <see cref="ResendAttempt"/> was turned away: each wait before it is sent again doubles.</summary>
    public int TimesTurnedAway { get; init; }
}
