using RenderFarm.Jobs;
using static RenderFarm.Jobs.JobEffect;
using static RenderFarm.Jobs.JobEvent;
using static RenderFarm.Jobs.JobState;

namespace RenderFarm.Tests.Jobs;

public sealed partial class JobStateMachineTests
{
    /// <summary>Which facts about the job's pieces a row holds for.</summary>
    public enum Facts
    {
        /// <summary>Whatever the pieces are doing: the outcome does not depend on them.</summary>
        Any,
        /// <summary>Some attempt still runs.</summary>
        Running,
        /// <summary>No attempt runs.</summary>
        Idle,
        /// <summary>Some attempt has started before.</summary>
        Started,
        /// <summary>No attempt ever started.</summary>
        NeverStarted,
    }

    public sealed record Row(JobState State, JobEvent Event, Facts When, JobState Next, JobEffect[] Effects, string? Refusal)
    {
        public bool HoldsFor(JobFacts facts) => When switch
        {
            Facts.Any => true,
            Facts.Running => facts.AttemptsRunning,
            Facts.Idle => !facts.AttemptsRunning,
            Facts.Started => facts.EverStarted,
            Facts.NeverStarted => !facts.EverStarted,
            _ => throw new ArgumentOutOfRangeException(nameof(When), When, null),
        };
    }

    /// <summary>Moves to <paramref name="next"/> and carries out <paramref name="effects"/> in this order.</summary>
    private static Row Go(JobState state, JobEvent e, JobState next, params JobEffect[] effects) => new(state, e, Facts.Any, next, effects, null);

    private static Row Go(JobState state, JobEvent e, Facts when, JobState next, params JobEffect[] effects) => new(state, e, when, next, effects, null);

    /// <summary>News that changes nothing now.</summary>
    private static Row Stay(JobState state, JobEvent e) => new(state, e, Facts.Any, state, [], null);

    /// <summary>A request the job cannot honour in this state, refused with this message.</summary>
    private static Row Refuse(JobState state, JobEvent e, string refusal) => new(state, e, Facts.Any, state, [], refusal);

    /// <summary>A job's whole life: every state and every event, and what follows.</summary>
    public static readonly IReadOnlyList<Row> Table =
    [
        // Its media is being checked: nothing is planned, nothing runs.
        Go(Validating, MediaAccepted, Queued, Plan, EnqueueQueued),
        Go(Validating, MediaRefused, JobState.Refused, Finish),
        Stay(Validating, AttemptStarted),
        Stay(Validating, PartsRendered),
        Stay(Validating, MergeCompleted),
        Go(Validating, GaveUp, Failed, Withdraw, CancelPieces, Finish, Notify),
        Refuse(Validating, Pause, "the job is Validating: its media is still being checked; pause it once it is queued"),
        Refuse(Validating, PauseStoppingRunning, "the job is Validating: its media is still being checked; pause it once it is queued"),
        Refuse(Validating, Resume, "the job is Validating: only a paused job can be resumed"),
        Go(Validating, Cancel, Cancelled, Finish),
        Stay(Validating, Settled),

        // Planned and handed to the scheduler; nothing has started yet.
        Stay(Queued, MediaAccepted),
        Stay(Queued, MediaRefused),
        Go(Queued, AttemptStarted, JobState.Rendering, MarkStarted),
        Go(Queued, PartsRendered, Merging, OrderMerge),
        Stay(Queued, MergeCompleted),
        Go(Queued, GaveUp, Failed, Withdraw, CancelPieces, Finish, Notify),
        Go(Queued, Pause, Facts.Running, PauseRequested, Withdraw),
        Go(Queued, Pause, Facts.Idle, Paused, Withdraw),
        Go(Queued, PauseStoppingRunning, Facts.Running, PauseRequested, Withdraw, InterruptRunning),
        Go(Queued, PauseStoppingRunning, Facts.Idle, Paused, Withdraw, InterruptRunning),
        Refuse(Queued, Resume, "the job is Queued: only a paused job can be resumed"),
        Go(Queued, Cancel, Facts.Running, CancelRequested, Withdraw, CancelPieces),
        Go(Queued, Cancel, Facts.Idle, Cancelled, Withdraw, CancelPieces, Finish),
        Stay(Queued, Settled),

        // Its chunks and sound render.
        Stay(JobState.Rendering, MediaAccepted),
        Stay(JobState.Rendering, MediaRefused),
        Stay(JobState.Rendering, AttemptStarted),
        Go(JobState.Rendering, PartsRendered, Merging, OrderMerge),
        Stay(JobState.Rendering, MergeCompleted),
        Go(JobState.Rendering, GaveUp, Failed, Withdraw, CancelPieces, Finish, Notify),
        Go(JobState.Rendering, Pause, Facts.Running, PauseRequested, Withdraw),
        Go(JobState.Rendering, Pause, Facts.Idle, Paused, Withdraw),
        Go(JobState.Rendering, PauseStoppingRunning, Facts.Running, PauseRequested, Withdraw, InterruptRunning),
        Go(JobState.Rendering, PauseStoppingRunning, Facts.Idle, Paused, Withdraw, InterruptRunning),
        Refuse(JobState.Rendering, Resume, "the job is Rendering: only a paused job can be resumed"),
        Go(JobState.Rendering, Cancel, Facts.Running, CancelRequested, Withdraw, CancelPieces),
        Go(JobState.Rendering, Cancel, Facts.Idle, Cancelled, Withdraw, CancelPieces, Finish),
        Stay(JobState.Rendering, Settled),

        // Every part is in; the merge joins them.
        Stay(Merging, MediaAccepted),
        Stay(Merging, MediaRefused),
        Stay(Merging, AttemptStarted),
        Stay(Merging, PartsRendered),
        Go(Merging, MergeCompleted, Completed, Finish, Notify),
        Go(Merging, GaveUp, Failed, Withdraw, CancelPieces, Finish, Notify),
        Refuse(Merging, Pause, "the job is Merging: it is merging and ends in moments"),
        Refuse(Merging, PauseStoppingRunning, "the job is Merging: it is merging and ends in moments"),
        Refuse(Merging, Resume, "the job is Merging: only a paused job can be resumed"),
        Go(Merging, Cancel, Facts.Running, CancelRequested, Withdraw, CancelPieces),
        Go(Merging, Cancel, Facts.Idle, Cancelled, Withdraw, CancelPieces, Finish),
        Stay(Merging, Settled),

        // Nothing new is dispatched; running attempts finish or are being stopped.
        Stay(PauseRequested, MediaAccepted),
        Stay(PauseRequested, MediaRefused),
        Stay(PauseRequested, AttemptStarted),
        Stay(PauseRequested, PartsRendered),
        Stay(PauseRequested, MergeCompleted),
        Go(PauseRequested, GaveUp, Failed, Withdraw, CancelPieces, Finish, Notify),
        Stay(PauseRequested, Pause),
        Go(PauseRequested, PauseStoppingRunning, PauseRequested, InterruptRunning),
        Go(PauseRequested, Resume, Facts.Started, JobState.Rendering, EnqueueQueued),
        Go(PauseRequested, Resume, Facts.NeverStarted, Queued, EnqueueQueued),
        Go(PauseRequested, Cancel, Facts.Running, CancelRequested, Withdraw, CancelPieces),
        Go(PauseRequested, Cancel, Facts.Idle, Cancelled, Withdraw, CancelPieces, Finish),
        Go(PauseRequested, Settled, Paused),

        // Nothing runs.
        Stay(Paused, MediaAccepted),
        Stay(Paused, MediaRefused),
        Go(Paused, AttemptStarted, PauseRequested, MarkStarted),
        Stay(Paused, PartsRendered),
        Stay(Paused, MergeCompleted),
        Go(Paused, GaveUp, Failed, Withdraw, CancelPieces, Finish, Notify),
        Stay(Paused, Pause),
        Stay(Paused, PauseStoppingRunning),
        Go(Paused, Resume, Facts.Started, JobState.Rendering, EnqueueQueued),
        Go(Paused, Resume, Facts.NeverStarted, Queued, EnqueueQueued),
        Go(Paused, Cancel, Facts.Running, CancelRequested, Withdraw, CancelPieces),
        Go(Paused, Cancel, Facts.Idle, Cancelled, Withdraw, CancelPieces, Finish),
        Stay(Paused, Settled),

        // Running attempts are being stopped; nothing else is wanted any more.
        Stay(CancelRequested, MediaAccepted),
        Stay(CancelRequested, MediaRefused),
        Stay(CancelRequested, AttemptStarted),
        Stay(CancelRequested, PartsRendered),
        Stay(CancelRequested, MergeCompleted),
        Stay(CancelRequested, GaveUp),
        Refuse(CancelRequested, Pause, "the job is CancelRequested: it is being cancelled"),
        Refuse(CancelRequested, PauseStoppingRunning, "the job is CancelRequested: it is being cancelled"),
        Refuse(CancelRequested, Resume, "the job is CancelRequested: it is being cancelled"),
        Stay(CancelRequested, Cancel),
        Go(CancelRequested, Settled, Cancelled, Finish),

        // Ended: late reports change nothing, requests to pause or resume are refused.
        Stay(Completed, MediaAccepted),
        Stay(Completed, MediaRefused),
        Stay(Completed, AttemptStarted),
        Stay(Completed, PartsRendered),
        Stay(Completed, MergeCompleted),
        Stay(Completed, GaveUp),
        Refuse(Completed, Pause, "the job is Completed: it has ended"),
        Refuse(Completed, PauseStoppingRunning, "the job is Completed: it has ended"),
        Refuse(Completed, Resume, "the job is Completed: it has ended"),
        Stay(Completed, Cancel),
        Stay(Completed, Settled),

        Stay(Failed, MediaAccepted),
        Stay(Failed, MediaRefused),
        Stay(Failed, AttemptStarted),
        Stay(Failed, PartsRendered),
        Stay(Failed, MergeCompleted),
        Stay(Failed, GaveUp),
        Refuse(Failed, Pause, "the job is Failed: it has ended"),
        Refuse(Failed, PauseStoppingRunning, "the job is Failed: it has ended"),
        Refuse(Failed, Resume, "the job is Failed: it has ended"),
        Stay(Failed, Cancel),
        Stay(Failed, Settled),

        Stay(Cancelled, MediaAccepted),
        Stay(Cancelled, MediaRefused),
        Stay(Cancelled, AttemptStarted),
        Stay(Cancelled, PartsRendered),
        Stay(Cancelled, MergeCompleted),
        Stay(Cancelled, GaveUp),
        Refuse(Cancelled, Pause, "the job is Cancelled: it has ended"),
        Refuse(Cancelled, PauseStoppingRunning, "the job is Cancelled: it has ended"),
        Refuse(Cancelled, Resume, "the job is Cancelled: it has ended"),
        Stay(Cancelled, Cancel),
        Stay(Cancelled, Settled),

        Stay(JobState.Refused, MediaAccepted),
        Stay(JobState.Refused, MediaRefused),
        Stay(JobState.Refused, AttemptStarted),
        Stay(JobState.Refused, PartsRendered),
        Stay(JobState.Refused, MergeCompleted),
        Stay(JobState.Refused, GaveUp),
        Refuse(JobState.Refused, Pause, "the job is Refused: it has ended"),
        Refuse(JobState.Refused, PauseStoppingRunning, "the job is Refused: it has ended"),
        Refuse(JobState.Refused, Resume, "the job is Refused: it has ended"),
        Stay(JobState.Refused, Cancel),
        Stay(JobState.Refused, Settled),

        // Costs: refused over budget, held at the cap, carried on when the cap is raised.
        Go(Validating, OverBudget, JobState.Refused, Finish),
        Stay(Validating, CapReached),
        Stay(Validating, CapOverrun),
        Stay(Validating, CapRaised),
        Stay(Queued, OverBudget),
        Go(Queued, CapReached, Facts.Running, HoldingAtCap, Withdraw),
        Go(Queued, CapReached, Facts.Idle, HeldAtCap, Withdraw, Notify),
        Go(Queued, CapOverrun, Facts.Running, HoldingAtCap, Withdraw, InterruptRunning),
        Go(Queued, CapOverrun, Facts.Idle, HeldAtCap, Withdraw, InterruptRunning, Notify),
        Stay(Queued, CapRaised),
        Stay(JobState.Rendering, OverBudget),
        Go(JobState.Rendering, CapReached, Facts.Running, HoldingAtCap, Withdraw),
        Go(JobState.Rendering, CapReached, Facts.Idle, HeldAtCap, Withdraw, Notify),
        Go(JobState.Rendering, CapOverrun, Facts.Running, HoldingAtCap, Withdraw, InterruptRunning),
        Go(JobState.Rendering, CapOverrun, Facts.Idle, HeldAtCap, Withdraw, InterruptRunning, Notify),
        Stay(JobState.Rendering, CapRaised),
        Stay(Merging, OverBudget),
        Stay(Merging, CapReached),
        Stay(Merging, CapOverrun),
        Stay(Merging, CapRaised),
        Stay(PauseRequested, OverBudget),
        Stay(PauseRequested, CapReached),
        Stay(PauseRequested, CapOverrun),
        Stay(PauseRequested, CapRaised),
        Stay(Paused, OverBudget),
        Stay(Paused, CapReached),
        Stay(Paused, CapOverrun),
        Stay(Paused, CapRaised),
        Stay(CancelRequested, OverBudget),
        Stay(CancelRequested, CapReached),
        Stay(CancelRequested, CapOverrun),
        Stay(CancelRequested, CapRaised),
        Stay(Completed, OverBudget),
        Stay(Completed, CapReached),
        Stay(Completed, CapOverrun),
        Stay(Completed, CapRaised),
        Stay(Failed, OverBudget),
        Stay(Failed, CapReached),
        Stay(Failed, CapOverrun),
        Stay(Failed, CapRaised),
        Stay(Cancelled, OverBudget),
        Stay(Cancelled, CapReached),
        Stay(Cancelled, CapOverrun),
        Stay(Cancelled, CapRaised),
        Stay(JobState.Refused, OverBudget),
        Stay(JobState.Refused, CapReached),
        Stay(JobState.Refused, CapOverrun),
        Stay(JobState.Refused, CapRaised),

        Stay(HoldingAtCap, MediaAccepted),
        Stay(HoldingAtCap, MediaRefused),
        Stay(HoldingAtCap, OverBudget),
        Stay(HoldingAtCap, PartsRendered),
        Stay(HoldingAtCap, MergeCompleted),
        Stay(HoldingAtCap, CapReached),
        Stay(HoldingAtCap, AttemptStarted),
        Go(HoldingAtCap, Settled, HeldAtCap, Notify),
        Go(HoldingAtCap, CapOverrun, HoldingAtCap, InterruptRunning),
        Go(HoldingAtCap, GaveUp, Failed, Withdraw, CancelPieces, Finish, Notify),
        Refuse(HoldingAtCap, Pause, "the job is HoldingAtCap: it is held at its cost cap; raise the cap to carry on, or cancel it"),
        Refuse(HoldingAtCap, PauseStoppingRunning, "the job is HoldingAtCap: it is held at its cost cap; raise the cap to carry on, or cancel it"),
        Refuse(HoldingAtCap, Resume, "the job is HoldingAtCap: it is held at its cost cap; raise the cap to carry on, or cancel it"),
        Go(HoldingAtCap, Cancel, Facts.Running, CancelRequested, Withdraw, CancelPieces),
        Go(HoldingAtCap, Cancel, Facts.Idle, Cancelled, Withdraw, CancelPieces, Finish),
        Go(HoldingAtCap, CapRaised, Facts.Started, JobState.Rendering, EnqueueQueued),
        Go(HoldingAtCap, CapRaised, Facts.NeverStarted, Queued, EnqueueQueued),

        Stay(HeldAtCap, MediaAccepted),
        Stay(HeldAtCap, MediaRefused),
        Stay(HeldAtCap, OverBudget),
        Stay(HeldAtCap, PartsRendered),
        Stay(HeldAtCap, MergeCompleted),
        Stay(HeldAtCap, CapReached),
        Go(HeldAtCap, AttemptStarted, HoldingAtCap, MarkStarted),
        Stay(HeldAtCap, Settled),
        Stay(HeldAtCap, CapOverrun),
        Go(HeldAtCap, GaveUp, Failed, Withdraw, CancelPieces, Finish, Notify),
        Refuse(HeldAtCap, Pause, "the job is HeldAtCap: it is held at its cost cap; raise the cap to carry on, or cancel it"),
        Refuse(HeldAtCap, PauseStoppingRunning, "the job is HeldAtCap: it is held at its cost cap; raise the cap to carry on, or cancel it"),
        Refuse(HeldAtCap, Resume, "the job is HeldAtCap: it is held at its cost cap; raise the cap to carry on, or cancel it"),
        Go(HeldAtCap, Cancel, Facts.Running, CancelRequested, Withdraw, CancelPieces),
        Go(HeldAtCap, Cancel, Facts.Idle, Cancelled, Withdraw, CancelPieces, Finish),
        Go(HeldAtCap, CapRaised, Facts.Started, JobState.Rendering, EnqueueQueued),
        Go(HeldAtCap, CapRaised, Facts.NeverStarted, Queued, EnqueueQueued),
    ];

    private static readonly JobFacts[] EveryFacts =
        [new(false, false), new(false, true), new(true, false), new(true, true)];

    public static TheoryData<JobState, JobEvent, Facts, JobState, JobEffect[], string?> Rows()
    {
        var data = new TheoryData<JobState, JobEvent, Facts, JobState, JobEffect[], string?>();
        foreach (var row in Table)
            data.Add(row.State, row.Event, row.When, row.Next, row.Effects, row.Refusal);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_state_and_event_lead_to_the_state_and_effects_of_the_table(
        JobState state, JobEvent e, Facts when, JobState next, JobEffect[] effects, string? refusal)
    {
        var row = new Row(state, e, when, next, effects, refusal);
        foreach (var facts in EveryFacts.Where(row.HoldsFor))
        {
            var transition = JobStateMachine.Apply(state, e, facts);

            Assert.Equal(Outcome(facts, next, effects, refusal), Outcome(facts, transition.State, transition.Effects, transition.Refusal));
            Assert.Equal(refusal is not null, transition.Refused);
        }
    }

    private static string Outcome(JobFacts facts, JobState state, IReadOnlyList<JobEffect> effects, string? refusal) =>
        $"{facts}: {state} [{string.Join(", ", effects)}]{(refusal is null ? "" : $" refused: {refusal}")}";

    [Fact]
    public void The_table_decides_every_state_and_event_once_for_every_fact_about_the_pieces()
    {
        var missing = new List<string>();
        var twice = new List<string>();
        foreach (var state in Enum.GetValues<JobState>())
        {
            foreach (var e in Enum.GetValues<JobEvent>())
            {
                foreach (var facts in EveryFacts)
                {
                    var rows = Table.Count(r => r.State == state && r.Event == e && r.HoldsFor(facts));
                    if (rows == 0)
                        missing.Add($"{state} + {e} ({facts})");
                    else if (rows > 1)
                        twice.Add($"{state} + {e} ({facts})");
                }
            }
        }

        Assert.True(missing.Count == 0, $"no row for:\n{string.Join("\n", missing)}");
        Assert.True(twice.Count == 0, $"more than one row for:\n{string.Join("\n", twice)}");
    }
}
