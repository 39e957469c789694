namespace RenderFarm.Jobs;

/// <summary>When a job's deadline outlook is news: the turn from on track to late is told once, until the job is back on track.</summary>
public static class DeadlineWatch
{
    /// <summary>Whether the job is at risk now, and whether that is a turn to tell.</summary>
    /// <param name="wasAtRisk">What was last recorded.</param>
    /// <param name="outlook">The outlook now; null (no deadline, or nothing to go on yet) keeps what was recorded.</param>
    public static (bool AtRisk, bool Tell) Turn(bool wasAtRisk, DeadlineOutlook? outlook) => outlook switch
    {
        null => (wasAtRisk, false),
        { OnTrack: false } => (true, !wasAtRisk),
        _ => (false, false),
    };
}
