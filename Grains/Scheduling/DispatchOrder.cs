namespace RenderFarm.Scheduling;

/// <summary>
/// The order in which queued chunks get slots. Read top to bottom:
/// 1. higher priority class first;
/// 2. within a class, the nearer deadline first (a job without one comes after every job with one);
/// 3. then the job submitted first;
/// 4. then the job id, so two jobs submitted in the same instant never interleave;
/// 5. then the chunk's place in its job, a backup lane after the chunk's first lane.
/// </summary>
public sealed class DispatchOrder : IComparer<QueuedChunk>
{
    public static readonly DispatchOrder Instance = new();

    public int Compare(QueuedChunk? x, QueuedChunk? y)
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
        order = x.Work.Chunk.Index.CompareTo(y.Work.Chunk.Index);
        return order != 0 ? order : x.Work.Lane.CompareTo(y.Work.Lane);
    }
}
