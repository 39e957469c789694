using RenderFarm.Jobs;
using RenderFarm.Scheduling;

namespace RenderFarm.Scaling;

/// <summary>
/// A job with queued work as the autoscaler chooses machines for it: the slot time its work still
/// needs, into how many pieces it is cut (the most slots it can use at once), its deadline and what its
/// cap leaves it to spend.
/// </summary>
/// <param name="RemainingWork">Slot time of the work not yet done (render time of a slot of the pool's kind).</param>
/// <param name="Pieces">Pieces queued and running: the most slots the job's work spreads over.</param>
/// <param name="Queued">Pieces waiting for a slot: what launches are for.</param>
/// <param name="CostLeft">What the job's cap leaves it; null without a cap.</param>
public sealed record JobOutlook(Guid JobId, TimeSpan RemainingWork, int Pieces, int Queued, DateTimeOffset? Deadline, decimal? CostLeft)
{
    /// <summary>The mean slot time of one piece: a reclaim loses about half of one.</summary>
    public TimeSpan MeanPiece => Pieces > 0 ? RemainingWork / Pieces : TimeSpan.Zero;

    /// <summary>
    /// From what the job knows: its estimate's render time for the share of frames not yet done; without
    /// an estimate, nothing is known of its work beyond its pieces (it counts with no slot time).
    /// </summary>
    public static JobOutlook Of(QueuedJob queued, JobStatus status)
    {
        var left = status.TotalFrames > 0 ? 1 - Math.Clamp((double)status.FramesDone / status.TotalFrames, 0, 1) : 1;
        var work = status.Cost.Estimate is { } estimate ? estimate.RenderTime * left : TimeSpan.Zero;
        var costLeft = status.Cost.Cap is { } cap ? Math.Max(0, cap - status.Cost.Actual) : (decimal?)null;
        return new JobOutlook(queued.JobId, work, queued.Queued + queued.Running, queued.Queued, status.Deadline ?? queued.Deadline, costLeft);
    }
}
