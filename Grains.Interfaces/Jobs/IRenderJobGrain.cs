using RenderFarm.Chunks;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// One render job: it owns its life (one state machine) and its pieces' record (attempts, nodes,
/// files). Attempts report to it alone; it alone tells the scheduler what changes scheduling.
/// </summary>
[Alias("RenderFarm.IRenderJobGrain")]
public interface IRenderJobGrain : IGrainWithGuidKey
{
    /// <summary>Checks the timeline's structure and rules at once (all errors together); the media is checked as the job's first step.</summary>
    [Alias("Submit")] Task<SubmissionResult> SubmitAsync(JobSubmission submission);
    [Alias("GetStatus"), AlwaysInterleave] Task<JobStatus> GetStatusAsync();
    /// <summary>Whose job this is; null for a job never submitted. Read by the silo's access rules.</summary>
    [Alias("GetSubmitter"), AlwaysInterleave, ReadOnly] Task<string?> GetSubmitterAsync();
    /// <summary>The timeline and options the job was submitted with; null for a job never submitted.</summary>
    [Alias("GetSubmission"), AlwaysInterleave, ReadOnly] Task<JobSubmission?> GetSubmissionAsync();
    [Alias("Cancel")] Task<JobStatus> CancelAsync();
    [Alias("Pause")] Task<JobStatus> PauseAsync(PauseOptions options);
    [Alias("Resume")] Task<JobStatus> ResumeAsync();
    /// <summary>Sets (or, with null, removes) the job's cost cap; a job held at its cap carries on once the new cap allows.</summary>
    [Alias("SetMaxCost")] Task<JobStatus> SetMaxCostAsync(decimal? maxCost);

    /// <summary>
    /// Changes the job's priority class and deadline; its queued and running work is ordered by them
    /// from the scheduler's next dispatch on. Throws <see cref="ArgumentException"/> naming the field at
    /// fault (a deadline in the past), <see cref="InvalidOperationException"/> when the job has ended.
    /// </summary>
    [Alias("SetPriority")] Task<JobStatus> SetPriorityAsync(PriorityChange change);

    /// <summary>For a scheduler rebuilding its queue; null once the job has nothing for it.</summary>
    [Alias("GetSchedulingView"), AlwaysInterleave] Task<JobSchedulingView?> GetSchedulingViewAsync();

    [Alias("AttemptStarted")] Task AttemptStartedAsync(AttemptRef attempt, AttemptHost host);
    [Alias("AttemptProgress"), OneWay] Task AttemptProgressAsync(AttemptRef attempt, int framesDone);
    [Alias("AttemptEnded")] Task AttemptEndedAsync(AttemptRef attempt, AttemptResult result);

    /// <summary>The end of the job's own media check (probing and hashing runs outside any call and reports here).</summary>
    /// <summary>
    /// Removes what the media store keeps of a job that ended before <paramref name="endedBefore"/> (its
    /// output, and chunks a store outage left); its status then says when. A job not ended keeps
    /// everything. The bytes removed (in a dry run only counted).
    /// </summary>
    [Alias("ExpireOutput")] Task<long> ExpireOutputAsync(DateTimeOffset endedBefore, bool dryRun);

    [Alias("MediaChecked")] Task MediaCheckedAsync(MediaCheckResult result);

    /// <summary>A running attempt's latest still; the job keeps the newest of its running attempts' (<see cref="IJobThumbnailGrain"/>).</summary>
    [Alias("AttemptStill"), OneWay] Task AttemptStillAsync(AttemptRef attempt, JobThumbnail still);

    /// <summary>
    /// The tail of an attempt's ffmpeg log, read on the node that ran it, while it runs or after. A node that
    /// is gone took its logs with it: the answer says so. Refuses a piece of another job, an attempt below 1,
    /// or a tail outside 1 byte to 1 MiB, naming the argument (<see cref="AttemptLogRules"/>);
    /// throws <see cref="KeyNotFoundException"/> for a piece or attempt the job does not have.
    /// </summary>
    [Alias("GetAttemptLog"), AlwaysInterleave, ReadOnly] Task<AttemptLog> GetAttemptLogAsync(WorkKey piece, int attempt, int tailBytes);
}
