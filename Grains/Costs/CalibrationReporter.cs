using Microsoft.Extensions.Logging;
using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>
/// A job's finished attempts on their way to its pool's <see cref="ICostModelGrain"/>: gathered as
/// they complete, sent in one one-way call at the job's next flush. Calibration is not billing: a
/// report that cannot be sent is logged and dropped.
/// </summary>
public sealed class CalibrationReporter(IGrainFactory grains, ILogger logger)
{
    private readonly List<CalibrationSample> pending = [];

    public bool HasPending => pending.Count > 0;

    /// <summary>Takes a completed attempt of a piece (others, and one whose start or end was never recorded, say nothing of its time).</summary>
    public void Observe(ResolvedTimeline timeline, WorkKind kind, FrameRange range, AttemptRecord? attempt)
    {
        if (attempt is not { End: AttemptEnd.Completed, EndedAt: { } ended } || ended <= attempt.StartedAt)
            return;
        pending.Add(new CalibrationSample(kind, WorkFeatureCounter.For(kind, timeline, range),
            attempt.Host?.BenchmarkFps ?? 0, attempt.Host?.ThreadsPerSlot ?? 0, (ended - attempt.StartedAt).TotalSeconds, ended));
    }

    /// <summary>Sends what was gathered to the pool's model, without waiting for it.</summary>
    public void Flush(string pool)
    {
        if (pending.Count == 0)
            return;
        var samples = pending.ToList();
        pending.Clear();
        try
        {
            grains.GetGrain<ICostModelGrain>(pool).ReportAsync(samples).Ignore();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("{Count} finished attempt(s) of pool {Pool} were not reported to its cost model: {Error}", samples.Count, pool, e.Message);
        }
    }
}
