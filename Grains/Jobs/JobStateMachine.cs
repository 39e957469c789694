using static RenderFarm.Jobs.JobEffect;

namespace RenderFarm.Jobs;

/// <summary>The facts about a job's pieces that its transitions depend on.</summary>
/// <param name="AttemptsRunning">Some attempt still runs (or is being stopped) on a node.</param>
/// <param name="EverStarted">Some attempt has started before: a resumed job is rendering, not queued.</param>
public readonly record struct JobFacts(bool AttemptsRunning, bool EverStarted);

/// <summary>A transition: the next state and what to carry out, or why the event is refused in this state.</summary>
public sealed record JobTransition(JobState State, IReadOnlyList<JobEffect> Effects, string? Refusal = null)
{
    public bool Refused => Refusal is not null;
}

/// <summary>
/// A job's whole life as one pure function: state + event (+ facts about its pieces) → next state +
/// effects. The job grain applies it and persists; no other code writes a job's state. An event that
/// does not apply in a state either changes nothing (a late report) or is refused with a reason (a
/// request the job cannot honour now).
/// </summary>
public static class JobStateMachine
{
    /// <summary>The state of a job just accepted: its media is checked first.</summary>
    public const JobState Initial = JobState.Validating;

    public static JobTransition Apply(JobState state, JobEvent e, JobFacts facts) => (state, e) switch
    {
        (JobState.Validating, JobEvent.MediaAccepted) => To(JobState.Queued, Plan, EnqueueQueued),
        (JobState.Validating, JobEvent.MediaRefused or JobEvent.OverBudget) => To(JobState.Refused, Finish),
        (JobState.Validating, JobEvent.Cancel) => To(JobState.Cancelled, Finish),
        (JobState.Validating, JobEvent.Pause or JobEvent.PauseStoppingRunning) => Refuse(state, "its media is still being checked; pause it once it is queued"),

        (JobState.Queued, JobEvent.AttemptStarted) => To(JobState.Rendering, MarkStarted),
        (JobState.Queued or JobState.Rendering, JobEvent.PartsRendered) => To(JobState.Merging, OrderMerge),
        (JobState.Queued or JobState.Rendering, JobEvent.Pause) => Pausing(facts, Withdraw),
        (JobState.Queued or JobState.Rendering, JobEvent.PauseStoppingRunning) => Pausing(facts, Withdraw, InterruptRunning),
        (JobState.Merging, JobEvent.Pause or JobEvent.PauseStoppingRunning) => Refuse(state, "it is merging and ends in moments"),
        (JobState.Merging, JobEvent.MergeCompleted) => To(JobState.Completed, Finish, Notify),

        (JobState.PauseRequested, JobEvent.Settled) => To(JobState.Paused),
        (JobState.PauseRequested, JobEvent.PauseStoppingRunning) => To(JobState.PauseRequested, InterruptRunning),
        (JobState.PauseRequested or JobState.Paused, JobEvent.Pause) => To(state),
        (JobState.Paused, JobEvent.PauseStoppingRunning) => To(state),
        // An order already on its way when the pause came: it runs, and the pause waits for it. It is
        // the job's first start if nothing ran before, so the resumed job is rendering, not queued.
        (JobState.Paused, JobEvent.AttemptStarted) => To(JobState.PauseRequested, MarkStarted),
        (JobState.PauseRequested or JobState.Paused, JobEvent.Resume) => To(facts.EverStarted ? JobState.Rendering : JobState.Queued, EnqueueQueued),

        (JobState.Queued or JobState.Rendering, JobEvent.CapReached) => Holding(facts, Withdraw),
        (JobState.Queued or JobState.Rendering, JobEvent.CapOverrun) => Holding(facts, Withdraw, InterruptRunning),
        (JobState.HoldingAtCap, JobEvent.CapOverrun) => To(JobState.HoldingAtCap, InterruptRunning),
        (JobState.HoldingAtCap, JobEvent.Settled) => To(JobState.HeldAtCap, Notify),
        // Like a pause: an order already on its way runs, and the hold waits for it.
        (JobState.HeldAtCap, JobEvent.AttemptStarted) => To(JobState.HoldingAtCap, MarkStarted),
        (JobState.HoldingAtCap or JobState.HeldAtCap, JobEvent.CapRaised) => To(facts.EverStarted ? JobState.Rendering : JobState.Queued, EnqueueQueued),
        (JobState.HoldingAtCap or JobState.HeldAtCap, JobEvent.Pause or JobEvent.PauseStoppingRunning or JobEvent.Resume) =>
            Refuse(state, "it is held at its cost cap; raise the cap to carry on, or cancel it"),

        (JobState.CancelRequested, JobEvent.Settled) => To(JobState.Cancelled, Finish),
        (JobState.CancelRequested, JobEvent.Cancel) => To(state),
        (JobState.CancelRequested, JobEvent.Pause or JobEvent.PauseStoppingRunning or JobEvent.Resume) => Refuse(state, "it is being cancelled"),

        (_, JobEvent.Resume) when !state.IsTerminal() => Refuse(state, "only a paused job can be resumed"),
        (_, JobEvent.Cancel) when !state.IsTerminal() => facts.AttemptsRunning
            ? To(JobState.CancelRequested, Withdraw, CancelPieces)
            : To(JobState.Cancelled, Withdraw, CancelPieces, Finish),
        (_, JobEvent.GaveUp) when !state.IsTerminal() && state != JobState.CancelRequested => To(JobState.Failed, Withdraw, CancelPieces, Finish, Notify),

        (_, JobEvent.Pause or JobEvent.PauseStoppingRunning or JobEvent.Resume) when state.IsTerminal() => Refuse(state, "it has ended"),
        // Anything else is news that changes nothing now: a late report, a second cancel, a settle
        // with nothing waiting for it.
        _ => To(state),
    };

    private static JobTransition Pausing(JobFacts facts, params JobEffect[] effects) =>
        facts.AttemptsRunning ? new(JobState.PauseRequested, effects) : new(JobState.Paused, effects);

    private static JobTransition Holding(JobFacts facts, params JobEffect[] effects) =>
        facts.AttemptsRunning ? new(JobState.HoldingAtCap, effects) : new(JobState.HeldAtCap, [.. effects, Notify]);

    private static JobTransition To(JobState next, params JobEffect[] effects) => new(next, effects);

    private static JobTransition Refuse(JobState state, string why) => new(state, [], $"the job is {state}: {why}");
}
