using RenderFarm.Costs;

namespace RenderFarm.Jobs;

/// <summary>
/// When a running job should end: from its own pace once a tenth of its frames are rendered (the
/// truest measure of this job on these nodes), before that from its estimate's wall time.
/// </summary>
public static class DeadlineForecast
{
    private const double PaceFrom = 0.1;

    public static DeadlineOutlook? Of(DateTimeOffset? deadline, JobState state, DateTimeOffset submittedAt, DateTimeOffset? startedAt,
        int framesDone, int totalFrames, CostEstimate? estimate, DateTimeOffset now)
    {
        if (deadline is not { } due || state.IsTerminal())
            return null;
        // Every part is in: the merge ends in moments.
        if (state == JobState.Merging)
            return new DeadlineOutlook(due, now, "progress");
        var done = totalFrames > 0 ? (double)framesDone / totalFrames : 0;
        if (startedAt is { } started && done >= PaceFrom)
            return new DeadlineOutlook(due, started + (now - started) / done, "progress");
        if (estimate is null)
            return null;
        var begin = startedAt ?? Later(now, submittedAt + estimate.QueueWait);
        return new DeadlineOutlook(due, Later(begin + estimate.WallTime, now), "estimate");
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
