namespace RenderFarm.Scheduling;

/// <summary>
/// The order in which queued work gets slots. Read top to bottom; the first difference decides:
/// 1. higher priority class first;
/// 2. within a class, the nearer deadline first (a job without one comes after every job with one);
/// 3. then the job submitted first;
/// 4. then the job id, so that two jobs equal in all of the above never interleave or tie;
/// 5. within a job: the sound first (it is short, and the merge needs it), then the chunks in frame
///    order, then the merge;
/// 6. a backup lane after the chunk's own lane.
/// Two different pieces never compare equal, so a sorted queue never drops one.
/// </summary>
public sealed class DispatchOrder : IComparer<QueuedWork>
{
    public static readonly DispatchOrder Instance = new();

    public int Compare(QueuedWork? x, QueuedWork? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var order = y.Job.Priority.CompareTo(x.Job.Priority);
        if (order != 0) return order;
        order = (x.Job.Deadline ?? DateTimeOffset.MaxValue).CompareTo(y.Job.Deadline ?? DateTimeOffset.MaxValue);
        if (order != 0) return order;
        order = x.Job.SubmittedAt.CompareTo(y.Job.SubmittedAt);
        if (order != 0) return order;
        order = x.Job.JobId.CompareTo(y.Job.JobId);
        if (order != 0) return order;
        order = KindRank(x.Key.Kind).CompareTo(KindRank(y.Key.Kind));
        if (order != 0) return order;
        order = x.Key.Index.CompareTo(y.Key.Index);
        return order != 0 ? order : x.Key.Lane.CompareTo(y.Key.Lane);
    }

    private static int KindRank(WorkKind kind) => kind switch
    {
        WorkKind.Sound => 0,
        WorkKind.Chunk => 1,
        _ => 2,
    };
}
