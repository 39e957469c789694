namespace RenderFarm.Jobs;

/// <summary>
/// A job's life (the transitions are <c>JobStateMachine</c>'s): its media checked, queued until its
/// first piece of work starts, rendering, merging, then one terminal state. The <c>-Requested</c>
/// states are asynchronous steps under way: running attempts are being let finish or stopped.
/// Values are stored: new states get new numbers.
/// </summary>
[GenerateSerializer, Alias("RenderFarm.JobState")]
public enum JobState
{
    Queued = 0,
    Rendering = 1,
    Merging = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
    /// <summary>Accepted; its media is being probed and hashed before anything is planned.</summary>
    Validating = 6,
    /// <summary>Nothing new is dispatched; running attempts finish (or are stopped), then <see cref="Paused"/>.</summary>
    PauseRequested = 7,
    Paused = 8,
    /// <summary>Running attempts are being stopped; then <see cref="Cancelled"/>.</summary>
    CancelRequested = 9,
    /// <summary>Its media failed the checks; <c>JobStatus.Refusals</c> names every problem.</summary>
    Refused = 10,
    /// <summary>Its cost would pass its cap: nothing new is dispatched, running attempts finish (or are stopped), then <see cref="HeldAtCap"/>.</summary>
    HoldingAtCap = 11,
    /// <summary>Held at its cost cap with everything rendered so far kept; raising the cap resumes it. <c>JobStatus.Cost</c> says why.</summary>
    HeldAtCap = 12,
}

/// <summary>Named sets of job states, so that no code repeats an <c>is A or B</c> chain.</summary>
public static class JobStates
{
    /// <summary>The job has ended and nothing will change it again.</summary>
    public static readonly IReadOnlySet<JobState> Terminal = new HashSet<JobState> { JobState.Completed, JobState.Failed, JobState.Cancelled, JobState.Refused };

    /// <summary>The job has not ended (every state but the terminal ones, paused and held included): what a live view (<c>renderfarm top</c>) shows.</summary>
    public static readonly IReadOnlySet<JobState> Active = Enum.GetValues<JobState>().Where(state => !Terminal.Contains(state)).ToHashSet();

    /// <summary>The job's queued work is with the scheduler, which may dispatch it.</summary>
    public static readonly IReadOnlySet<JobState> Dispatching = new HashSet<JobState> { JobState.Queued, JobState.Rendering, JobState.Merging };

    /// <summary>A pause may be asked for.</summary>
    public static readonly IReadOnlySet<JobState> Pausable = new HashSet<JobState> { JobState.Queued, JobState.Rendering };

    /// <summary>A resume may be asked for.</summary>
    public static readonly IReadOnlySet<JobState> Resumable = new HashSet<JobState> { JobState.PauseRequested, JobState.Paused };

    /// <summary>Held at its cost cap, or on its way there.</summary>
    public static readonly IReadOnlySet<JobState> AtCap = new HashSet<JobState> { JobState.HoldingAtCap, JobState.HeldAtCap };

    public static bool IsTerminal(this JobState state) => Terminal.Contains(state);

    public static bool IsDispatching(this JobState state) => Dispatching.Contains(state);

    public static bool IsAtCap(this JobState state) => AtCap.Contains(state);
}
