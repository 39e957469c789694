using RenderFarm.Jobs;
using static RenderFarm.Jobs.JobEffect;
using static RenderFarm.Jobs.JobEvent;
using static RenderFarm.Jobs.JobState;

namespace RenderFarm.Tests.Jobs;

/// <summary>Whole lives of a job walked through the machine, event by event.</summary>
public sealed partial class JobStateMachineTests
{
    [Fact]
    public void A_job_is_checked_queued_rendered_merged_and_completed()
    {
        var job = new Job();

        Assert.Equal([Plan, EnqueueQueued], job.Fire(MediaAccepted));
        Assert.Equal(Queued, job.State);
        job.AttemptsRunning = true;
        Assert.Equal([MarkStarted], job.Fire(AttemptStarted));
        Assert.Equal(JobState.Rendering, job.State);
        Assert.Empty(job.Fire(AttemptStarted));
        Assert.Equal(JobState.Rendering, job.State);
        job.AttemptsRunning = false;
        Assert.Equal([OrderMerge], job.Fire(PartsRendered));
        Assert.Equal(Merging, job.State);
        job.AttemptsRunning = true;
        Assert.Empty(job.Fire(AttemptStarted));
        job.AttemptsRunning = false;
        Assert.Equal([Finish, Notify], job.Fire(MergeCompleted));
        Assert.Equal(Completed, job.State);
        Assert.Empty(job.Fire(AttemptStarted));
        Assert.Equal(Completed, job.State);
    }

    [Fact]
    public void A_job_whose_media_fails_its_checks_ends_refused()
    {
        var job = new Job();

        Assert.Equal([Finish], job.Fire(MediaRefused));
        Assert.Equal(JobState.Refused, job.State);
        Assert.Equal("the job is Refused: it has ended", job.Refusal(Resume));
    }

    [Fact]
    public void A_job_paused_while_rendering_lets_its_attempts_finish_then_resumes_rendering()
    {
        var job = Job.Rendering();
        Assert.Equal("the job is Rendering: only a paused job can be resumed", job.Refusal(Resume));

        Assert.Equal([Withdraw], job.Fire(Pause));
        Assert.Equal(PauseRequested, job.State);
        job.AttemptsRunning = false;
        Assert.Empty(job.Fire(Settled));
        Assert.Equal(Paused, job.State);
        Assert.Equal([EnqueueQueued], job.Fire(Resume));
        Assert.Equal(JobState.Rendering, job.State);
    }

    [Fact]
    public void A_job_paused_before_anything_started_is_paused_at_once_and_resumes_queued()
    {
        var job = new Job();
        job.Fire(MediaAccepted);

        Assert.Equal([Withdraw], job.Fire(Pause));
        Assert.Equal(Paused, job.State);
        Assert.Equal([EnqueueQueued], job.Fire(Resume));
        Assert.Equal(Queued, job.State);
    }

    [Fact]
    public void A_job_paused_stopping_its_running_work_interrupts_it_and_resumes_rendering()
    {
        var job = Job.Rendering();

        Assert.Equal([Withdraw, InterruptRunning], job.Fire(PauseStoppingRunning));
        Assert.Equal(PauseRequested, job.State);
        job.AttemptsRunning = false;
        Assert.Empty(job.Fire(Settled));
        Assert.Equal(Paused, job.State);
        Assert.Equal([EnqueueQueued], job.Fire(Resume));
        Assert.Equal(JobState.Rendering, job.State);
    }

    [Fact]
    public void A_job_pausing_gently_can_still_be_told_to_stop_its_running_work()
    {
        var job = Job.Rendering();

        Assert.Equal([Withdraw], job.Fire(Pause));
        Assert.Equal([InterruptRunning], job.Fire(PauseStoppingRunning));
        Assert.Equal(PauseRequested, job.State);
        Assert.Empty(job.Fire(Pause));
        Assert.Equal(PauseRequested, job.State);
    }

    [Fact]
    public void An_order_already_on_its_way_when_the_pause_came_runs_and_the_resumed_job_is_rendering()
    {
        var job = new Job();
        job.Fire(MediaAccepted);
        Assert.Equal([Withdraw], job.Fire(Pause));
        Assert.Equal(Paused, job.State);

        job.AttemptsRunning = true;
        job.Fire(AttemptStarted);
        Assert.Equal(PauseRequested, job.State);
        Assert.True(job.EverStarted);
        job.AttemptsRunning = false;
        job.Fire(Settled);
        Assert.Equal(Paused, job.State);

        Assert.Equal([EnqueueQueued], job.Fire(Resume));
        Assert.Equal(JobState.Rendering, job.State);
    }

    [Fact]
    public void A_job_cancelled_with_attempts_running_waits_for_them_to_stop_then_ends_cancelled()
    {
        var job = Job.Rendering();

        Assert.Equal([Withdraw, CancelPieces], job.Fire(Cancel));
        Assert.Equal(CancelRequested, job.State);
        Assert.Equal("the job is CancelRequested: it is being cancelled", job.Refusal(Pause));
        Assert.Empty(job.Fire(Cancel));
        Assert.Empty(job.Fire(GaveUp));
        Assert.Equal(CancelRequested, job.State);
        job.AttemptsRunning = false;
        Assert.Equal([Finish], job.Fire(Settled));
        Assert.Equal(Cancelled, job.State);
        Assert.Equal("the job is Cancelled: it has ended", job.Refusal(Resume));
        Assert.Empty(job.Fire(AttemptStarted));
        Assert.Empty(job.Fire(Cancel));
        Assert.Equal(Cancelled, job.State);
    }

    [Fact]
    public void A_job_cancelled_with_nothing_running_ends_at_once()
    {
        var job = Job.Rendering();
        job.AttemptsRunning = false;

        Assert.Equal([Withdraw, CancelPieces, Finish], job.Fire(Cancel));
        Assert.Equal(Cancelled, job.State);
    }

    [Fact]
    public void A_piece_that_gives_up_fails_the_job_and_stops_the_rest()
    {
        var job = Job.Rendering();

        Assert.Equal([Withdraw, CancelPieces, Finish, Notify], job.Fire(GaveUp));
        Assert.Equal(Failed, job.State);
        Assert.Equal("the job is Failed: it has ended", job.Refusal(Pause));
    }

    /// <summary>A job as its grain keeps it: its state, and the facts its pieces and effects give it.</summary>
    private sealed class Job
    {
        public JobState State { get; private set; } = Validating;
        public bool AttemptsRunning { get; set; }
        /// <summary>Set by <see cref="JobEffect.MarkStarted"/>, as the grain records the time of the first start.</summary>
        public bool EverStarted { get; private set; }

        private JobFacts Facts => new(AttemptsRunning, EverStarted);

        public static Job Rendering()
        {
            var job = new Job();
            job.Fire(MediaAccepted);
            job.AttemptsRunning = true;
            job.Fire(AttemptStarted);
            Assert.Equal(JobState.Rendering, job.State);
            return job;
        }

        public JobEffect[] Fire(JobEvent e)
        {
            var transition = JobStateMachine.Apply(State, e, Facts);
            Assert.False(transition.Refused, $"{e} in {State}: {transition.Refusal}");
            State = transition.State;
            EverStarted |= transition.Effects.Contains(MarkStarted);
            return [.. transition.Effects];
        }

        public string? Refusal(JobEvent e)
        {
            var transition = JobStateMachine.Apply(State, e, Facts);
            Assert.Equal(State, transition.State);
            Assert.Empty(transition.Effects);
            return transition.Refusal;
        }
    }
}
