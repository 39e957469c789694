using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// One piece of a job's work (a chunk, the sound or the merge) as its job owns and stores it: the
/// attempt numbers it handed out, where attempts ran and how they ended, the nodes to avoid, the
/// committed file. Changed only by <see cref="ChunkStateMachine"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Jobs.ChunkRecord")]
public sealed record ChunkRecord
{
    [Id(0)] public required WorkKey Key { get; init; }
    [Id(1)] public FrameRange Range { get; init; }
    [Id(2)] public ChunkState State { get; init; } = ChunkState.Queued;
    /// <summary>The primary lane's current attempt; 0 while no order was issued yet (a merge waits for its inputs).</summary>
    [Id(3)] public int Attempt { get; init; }
    /// <summary>Every number handed out so far, in either lane: the next attempt gets the one after.</summary>
    [Id(4)] public int AttemptsIssued { get; init; }
    /// <summary>The running attempt of the primary lane (null while queued).</summary>
    [Id(5)] public AttemptRef? Running { get; init; }
    [Id(6)] public AttemptRef? Backup { get; init; }
    /// <summary>A backup was asked for once; a straggler gets at most one.</summary>
    [Id(7)] public bool BackupRequested { get; init; }
    /// <summary>Set while the job waits for the running attempt to stop (cancel, or a pause that stops running work).</summary>
    [Id(8)] public StopReason? Stopping { get; init; }
    [Id(9)] public int Failures { get; init; }
    [Id(10)] public IReadOnlyList<string> Avoid { get; init; } = [];
    [Id(11)] public DateTimeOffset? NotBefore { get; init; }
    [Id(12)] public int TimesTurnedAway { get; init; }
    [Id(13)] public string? Node { get; init; }
    [Id(14)] public string? OutputPath { get; init; }
    [Id(15)] public string? Error { get; init; }
    [Id(16)] public IReadOnlyList<AttemptRecord> History { get; init; } = [];
    [Id(17)] public DateTimeOffset? StartedAt { get; init; }
    [Id(18)] public DateTimeOffset? LastAdvanceAt { get; init; }
    [Id(19)] public TimeSpan? Took { get; init; }
    [Id(20)] public int FramesDone { get; init; }
    /// <summary>The committed file's size and hash, as its attempt reported them.</summary>
    [Id(21)] public CommittedFile? Committed { get; init; }

    public bool IsRunning => Running is not null || Backup is not null;

    /// <summary>An order is issued and waits for a slot (or its backoff).</summary>
    public bool IsOrdered => State == ChunkState.Queued && Attempt > 0;

    public WorkOrder Order(IReadOnlyList<string> blocked, MergeInputs? merge = null) =>
        new(Key, Attempt, Range, Avoid, blocked, NotBefore, merge);

    public ChunkStatus ToStatus() => new()
    {
        Index = Key.Index,
        Kind = Key.Kind,
        Range = Range,
        State = State,
        Attempts = Attempt,
        Node = Node,
        FramesDone = State == ChunkState.Completed ? Range.Count : FramesDone,
        OutputPath = OutputPath,
        Error = Error,
        NodesTried = History.Select(h => h.Node).ToList(),
        History = History,
    };
}

/// <summary>Why the job is stopping a piece's running attempt, which decides what its end leads to.</summary>
[GenerateSerializer, Alias("RenderFarm.Jobs.StopReason")]
public enum StopReason
{
    /// <summary>The job is cancelled: the piece ends cancelled.</summary>
    Cancel = 0,
    /// <summary>The job is pausing with its running work stopped: the piece is queued again for the resume.</summary>
    Requeue = 1,
}
