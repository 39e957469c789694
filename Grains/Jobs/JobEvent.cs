namespace RenderFarm.Jobs;

/// <summary>What can happen to a job; <see cref="JobStateMachine"/> says what follows.</summary>
public enum JobEvent
{
    /// <summary>Every asset was found, probed and hashed.</summary>
    MediaAccepted,
    MediaRefused,
    /// <summary>Its estimate is over its cost cap (or what its user's monthly cap leaves): refused before anything is rendered.</summary>
    OverBudget,
    /// <summary>An attempt of one of its pieces started on a node.</summary>
    AttemptStarted,
    /// <summary>Every chunk and the sound are committed: the merge is due.</summary>
    PartsRendered,
    MergeCompleted,
    /// <summary>A piece failed as often as allowed.</summary>
    GaveUp,
    /// <summary>Pause, letting running attempts finish.</summary>
    Pause,
    /// <summary>Pause, stopping running attempts (queued again for the resume).</summary>
    PauseStoppingRunning,
    Resume,
    Cancel,
    /// <summary>No attempt runs any more (after a pause, a cancel or a hold at the cap was asked for).</summary>
    Settled,
    /// <summary>What it has spent, what runs and one more chunk would pass its cap: nothing new is dispatched.</summary>
    CapReached,
    /// <summary>What it has spent and what runs passes its cap by a chunk's cost: the running attempts are stopped too.</summary>
    CapOverrun,
    /// <summary>Its cap was raised (or removed) enough to carry on.</summary>
    CapRaised,
}

/// <summary>What the job grain carries out after a transition, in this order.</summary>
public enum JobEffect
{
    /// <summary>Cut the timeline into chunks and order every chunk and the sound.</summary>
    Plan,
    /// <summary>Record the time the first attempt started.</summary>
    MarkStarted,
    /// <summary>The scheduler drops the job's queued orders.</summary>
    Withdraw,
    /// <summary>Stop every running attempt; the pieces are queued again (not sent) for the resume.</summary>
    InterruptRunning,
    /// <summary>Stop every running attempt and drop every other piece.</summary>
    CancelPieces,
    /// <summary>Send every queued order to the scheduler.</summary>
    EnqueueQueued,
    /// <summary>Order the merge of the committed chunks and sound.</summary>
    OrderMerge,
    /// <summary>The job has ended: the scheduler forgets it, the watchdog is removed, intermediates of an unfinished job are deleted.</summary>
    Finish,
    /// <summary>Tell the job's notifications of the state it reached (completed, failed, held at its cap), without waiting on them.</summary>
    Notify,
}
