using RenderFarm.Chunks;
using RenderFarm.Client.Media;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Metrics;
using RenderFarm.Notifications;
using RenderFarm.Rendering;
using RenderFarm.Scaling;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Client;

/// <summary>What a host application (a video editor) does with the render farm.</summary>
public interface IRenderFarm
{
    /// <summary>
    /// Checks the timeline's structure and rules and queues it; one that breaks them throws
    /// <see cref="TimelineValidationException"/> naming every field at fault. Its media is checked as the
    /// job's first step: a job whose media fails ends <see cref="JobState.Refused"/> with every problem in
    /// <see cref="JobStatus.Refusals"/>. Unset pool, submitter and project are the client's; without a chunk count
    /// or length, one chunk per render slot of the pool.
    /// </summary>
    Task<JobStatus> SubmitJobAsync(Timeline timeline, JobOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the timeline would cost and when it would finish on the client's pool, before it is submitted:
    /// checked as <see cref="SubmitJobAsync"/> checks it (a refusal throws <see cref="TimelineValidationException"/>
    /// naming every field at fault, its media included), cut as its job would be, priced on demand and on
    /// spot. It starts no render.
    /// </summary>
    Task<CostEstimate> EstimateCostAsync(Timeline timeline, JobOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The timeline and options the job was submitted with (its owner's or an operator's to read).</summary>
    /// <exception cref="KeyNotFoundException">No job of that id was submitted.</exception>
    Task<JobSubmission> GetJobSubmissionAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Submits an ended job's timeline with its options again, as a new job (the ended one keeps its
    /// record and its bill), and returns the new job's status.
    /// </summary>
    /// <exception cref="InvalidOperationException">The job has not ended.</exception>
    /// <exception cref="KeyNotFoundException">No job of that id was submitted.</exception>
    Task<JobStatus> RetryJobAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>Stops the job's running attempts and drops the rest; returns once it is cancelled (or has ended otherwise).</summary>
    Task<JobStatus> CancelJobAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Dispatches nothing more of the job; its running attempts finish and are kept (or, with
    /// <see cref="PauseOptions.StopRunning"/>, are stopped and rendered again on resume). The pause
    /// survives a restart of the farm. Throws <see cref="InvalidOperationException"/> when the job
    /// cannot be paused now (it is merging, being cancelled or has ended).
    /// </summary>
    Task<JobStatus> PauseJobAsync(Guid jobId, PauseOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Carries on a paused job where it stopped. Throws <see cref="InvalidOperationException"/> when it is not paused.</summary>
    Task<JobStatus> ResumeJobAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the job's cost cap (null removes it). A job held at its cap (<see cref="JobState.HeldAtCap"/>)
    /// carries on once the new cap allows another chunk; one still under it keeps the new cap.
    /// Throws <see cref="ArgumentException"/> for a cap that is not a positive amount and
    /// <see cref="InvalidOperationException"/> when the job has ended.
    /// </summary>
    Task<JobStatus> SetJobMaxCostAsync(Guid jobId, decimal? maxCost, CancellationToken cancellationToken = default);

    /// <summary>
    /// A bill: of one job (every attempt), of a user (optionally one project of theirs), of a project, or of a
    /// pool (the cluster's, with its machines' uptime and idle time), for the query's days.
    /// </summary>
    /// <exception cref="ArgumentException">The query names no account or more than one kind, or its days are reversed.</exception>
    Task<Bill> GetBillingAsync(BillingQuery query, CancellationToken cancellationToken = default);
    /// Changes a submitted job's priority class and deadline (what <paramref name="change"/> leaves unset
    /// stays); its queued work is ordered by them from the scheduler's next dispatch on. Throws
    /// <see cref="ArgumentException"/> naming the field at fault (a deadline in the past) and
    /// <see cref="InvalidOperationException"/> when the job has ended.
    /// </summary>
    Task<JobStatus> SetJobPriorityAsync(Guid jobId, PriorityChange change, CancellationToken cancellationToken = default);

    /// <summary>"Pause all": nothing of the client's pool is dispatched until <see cref="ResumePoolAsync"/>; running work finishes. Survives restarts.</summary>
    Task PausePoolAsync(CancellationToken cancellationToken = default);

    Task ResumePoolAsync(CancellationToken cancellationToken = default);

    Task<JobStatus> GetJobStatusAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>The job's current progress, then every change until it ends, in order: states never go back and frame counts never go down.</summary>
    IAsyncEnumerable<JobProgress> WatchJobAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// For operators: every change of the jobs of the client's pool as it happens (submitted, started, each
    /// flush of progress, ended), until cancelled. Changes published while nobody listens are not replayed:
    /// list the jobs first (<see cref="ListJobsAsync"/>), then apply these.
    /// </summary>
    IAsyncEnumerable<JobSummary> WatchPoolJobsAsync(CancellationToken cancellationToken = default);

    /// <summary>Who the farm takes this client (or the user of <see cref="FarmCaller.ActAs"/>) for; refused with <see cref="Access.AccessDeniedException"/> for a key the farm does not know.</summary>
    Task<Access.CallerIdentity> GetCallerAsync(CancellationToken cancellationToken = default);

    Task<ClusterStatus> GetClusterStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Has the pool's autoscaler aim at <paramref name="target"/> nodes (launching, or draining idle
    /// launched nodes) until it is given null, which hands the pool back to its policies.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is negative or above the pool's maximum.</exception>
    /// <exception cref="InvalidOperationException">The pool has no autoscaler.</exception>
    Task<AutoscalerStatus> ScaleClusterAsync(int? target, CancellationToken cancellationToken = default);

    /// <summary>
    /// The pool's render metrics now: nodes, slots, queue, active jobs. Pass the previous reading to get
    /// rates (frames per second of the farm, of each job and node, each job's time to go) from the
    /// difference of the counters.
    /// </summary>
    Task<FarmMetrics> GetMetricsAsync(FarmMetrics? previous = null, CancellationToken cancellationToken = default);

    /// <summary>One page of the farm's jobs, newest first; pass the page's <see cref="JobPage.NextPageToken"/> back for the next.</summary>
    /// <exception cref="ArgumentException">A field of the query is out of range; the message names it.</exception>
    Task<JobPage> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the media of <paramref name="timeline"/> from <paramref name="assetsFolder"/> on this machine to
    /// the farm's store by content (SHA-256): only what the farm does not hold yet travels, in parts, and an
    /// upload broken off carries on where it stopped. Submit the timeline that comes back.
    /// </summary>
    /// <exception cref="TimelineValidationException">An asset's file is missing, empty or outside the folder; every one is named.</exception>
    Task<UploadedTimeline> UploadAssetsAsync(Timeline timeline, string assetsFolder, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a completed job's output to <paramref name="targetFile"/>: through <c>targetFile.partial</c>,
    /// carrying on from an earlier broken download, checked against the output's SHA-256 before it is renamed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The job has not completed.</exception>
    /// <exception cref="InvalidDataException">The bytes do not match the output's SHA-256 (the partial file is removed).</exception>
    Task<OutputFile> DownloadOutputAsync(Guid jobId, string targetFile, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// For an operator: removes from the farm's media store the outputs, unused assets and abandoned
    /// uploads whose time is over, by the farm's retention settings or the times given instead (a dry
    /// run only counts them). The farm also does this by itself, every <c>Retention:Period</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is negative; the message names it.</exception>
    Task<PurgeReport> PurgeMediaAsync(PurgeRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The job's delivery log: every notification sent for it (completed, failed, held at its cap, deadline
    /// at risk) to each target, with every try and its outcome. Its submitter's or an operator's to read.
    /// </summary>
    Task<IReadOnlyList<DeliveryRecord>> GetNotificationsAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>The caller's own notification settings, applied to every job they submit (besides a job's own <see cref="JobOptions.Notifications"/>).</summary>
    Task<NotificationSettings> GetMyNotificationsAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the caller's own notification settings, for their jobs' events from now on.</summary>
    /// <exception cref="ArgumentException">A target breaks a rule; the message names each field (<c>notifications.targets[1].secret</c>).</exception>
    Task SetMyNotificationsAsync(NotificationSettings settings, CancellationToken cancellationToken = default);

    /// <summary>The latest still of the job's render (a small JPEG of about the last frame a running chunk reached); null before the first.</summary>
    Task<JobThumbnail?> GetThumbnailAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The last <paramref name="tailBytes"/> of one attempt's ffmpeg log (attempts and their nodes are in
    /// <see cref="JobStatus"/>' pieces' history), read on the node that ran it, while it runs or after. A node
    /// no longer in the cluster took its logs with it: the text says so.
    /// </summary>
    /// <exception cref="ArgumentException">The piece is not one of the job's (naming <c>piece</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The attempt is below 1 or the tail outside 1 byte to 1 MiB (naming the argument).</exception>
    /// <exception cref="KeyNotFoundException">The job has no such piece, or the piece no such attempt that started.</exception>
    Task<AttemptLog> GetAttemptLogAsync(Guid jobId, WorkKey piece, int attempt, int tailBytes = AttemptLogRules.DefaultTailBytes, CancellationToken cancellationToken = default);
}
