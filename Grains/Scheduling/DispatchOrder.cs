using RenderFarm.Jobs;

namespace RenderFarm.Scheduling;

/// <summary>
/// The order in which queued work gets slots. At every free slot the jobs with work queued for that
/// kind of slot (render or assembly) are compared as they stand now; read top to bottom, the first
/// difference decides:
/// 1. the higher effective class first. A job's effective class is its priority class raised one
///    step for every <see cref="SchedulingOptions.AgeingStep"/> since it was submitted, never above
///    high by ageing (urgent is for jobs submitted urgent), so low-priority work never starves;
/// 2. within a class, the nearer deadline first (a job without one comes after every job with one);
/// 3. then fair share: the job whose user (its submitter) has the fewest slots of that kind in use
///    for their jobs, divided by the user's weight (<see cref="SchedulingOptions.UserWeights"/>);
/// 4. then the job submitted first;
/// 5. then the job id, so that two jobs equal in all of the above never interleave or tie;
/// 6. within the job that wins: the sound first (it is short, and the merge needs it), then the chunks
///    in frame order, then the merge; a backup lane after the chunk's own lane. The first of these
///    that is ready (its backoff over) and that a node can take (<see cref="SchedulingPolicy"/>) goes.
/// </summary>
public static class DispatchOrder
{
    /// <summary>Rule 6: the order of one job's queued pieces. Two different pieces never compare equal, so a sorted set never drops one.</summary>
    public static readonly IComparer<QueuedWork> WithinJob = Comparer<QueuedWork>.Create(static (x, y) =>
    {
        var order = KindRank(x.Key.Kind).CompareTo(KindRank(y.Key.Kind));
        if (order != 0) return order;
        order = x.Key.Index.CompareTo(y.Key.Index);
        return order != 0 ? order : x.Key.Lane.CompareTo(y.Key.Lane);
    });

    /// <summary>Rule 1: the class a job competes in now.</summary>
    public static JobPriority EffectiveClass(JobTicket job, DateTimeOffset now, TimeSpan ageingStep)
    {
        if (job.Priority >= JobPriority.High)
            return job.Priority;
        var steps = Math.Max(0, (now - job.SubmittedAt).Ticks / ageingStep.Ticks);
        return (JobPriority)Math.Min((long)JobPriority.High, (long)job.Priority + steps);
    }

    /// <summary>A job as it competes for the next slot: rules 1 to 5 in the order they decide.</summary>
    public readonly record struct Standing(JobPriority Class, DateTimeOffset Deadline, double Share, DateTimeOffset SubmittedAt, Guid JobId)
    {
        public static Standing Of(JobTicket job, double share, DateTimeOffset now, TimeSpan ageingStep) =>
            new(EffectiveClass(job, now, ageingStep), job.Deadline ?? DateTimeOffset.MaxValue, share, job.SubmittedAt, job.JobId);

        /// <summary>This job goes before <paramref name="other"/>.</summary>
        public bool Before(in Standing other)
        {
            if (Class != other.Class) return Class > other.Class;
            if (Deadline != other.Deadline) return Deadline < other.Deadline;
            if (Share != other.Share) return Share < other.Share;
            if (SubmittedAt != other.SubmittedAt) return SubmittedAt < other.SubmittedAt;
            return JobId.CompareTo(other.JobId) < 0;
        }
    }

    private static int KindRank(WorkKind kind) => kind switch
    {
        WorkKind.Sound => 0,
        WorkKind.Chunk => 1,
        _ => 2,
    };
}
