using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>What can happen to a piece of a job's work; <see cref="ChunkStateMachine"/> says what follows.</summary>
public abstract record ChunkEvent
{
    private ChunkEvent() { }

    /// <summary>The job hands out the piece's first order (a merge once its inputs are in).</summary>
    public sealed record Order : ChunkEvent;

    public sealed record Started(AttemptRef Attempt, AttemptHost? Host = null) : ChunkEvent;

    public sealed record Progressed(AttemptRef Attempt, int FramesDone) : ChunkEvent;

    public sealed record Ended(AttemptRef Attempt, AttemptResult Result) : ChunkEvent;

    /// <summary>The running attempt's frames have not advanced for the stall timeout.</summary>
    public sealed record Stalled : ChunkEvent;

    /// <summary>Membership declared the silo dead: attempts there will never report.</summary>
    public sealed record SiloLost(SiloAddress Silo) : ChunkEvent;

    /// <summary>The piece straggles: a backup attempt is to run beside it on another node.</summary>
    public sealed record BackupWanted : ChunkEvent;

    /// <summary>The job is cancelled (or failed): running attempts are stopped, the rest is dropped.</summary>
    public sealed record Cancel : ChunkEvent;

    /// <summary>The job pauses and stops its running work, which is queued again for the resume.</summary>
    public sealed record Interrupt : ChunkEvent;
}

/// <summary>What the job must carry out after a piece's transition, in the order given.</summary>
public abstract record ChunkEffect
{
    private ChunkEffect() { }

    /// <summary>Queue this order with the scheduler (a new attempt, or one sent again).</summary>
    public sealed record Enqueue(WorkOrder Order) : ChunkEffect;

    /// <summary>Tell the scheduler the attempt's slot is taken for sure.</summary>
    public sealed record ConfirmSlot(AttemptRef Attempt) : ChunkEffect;

    /// <summary>Tell the scheduler the attempt's slot is free.</summary>
    public sealed record FreeSlot(AttemptRef Attempt) : ChunkEffect;

    /// <summary>Stop the attempt on its node.</summary>
    public sealed record Stop(AttemptRef Attempt) : ChunkEffect;

    /// <summary>The node failed an attempt: the job counts it towards a blocklist.</summary>
    public sealed record NodeFailed(string Node) : ChunkEffect;

    /// <summary>
    /// A piece was cut short and completed with the frames it committed: the job adds a new piece for
    /// the rest of its frames, kept away from <paramref name="Avoid"/>, and orders it like any other.
    /// </summary>
    public sealed record AddPiece(FrameRange Range, IReadOnlyList<string> Avoid) : ChunkEffect;

    /// <summary>The piece failed as often as allowed: the job fails with this reason.</summary>
    public sealed record GiveUp(string Reason) : ChunkEffect;
}

/// <param name="Changed">Whether <see cref="Record"/> differs in what is stored (progress alone is not stored).</param>
public sealed record ChunkTransition(ChunkRecord Record, IReadOnlyList<ChunkEffect> Effects, bool Changed);
