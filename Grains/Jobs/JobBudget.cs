namespace RenderFarm.Jobs;

/// <summary>What a budget check knows: the cap, what is spent and running, and what a chunk costs.</summary>
/// <param name="RunningCosts">What each running attempt has cost so far.</param>
/// <param name="ChunkCost">The most a chunk is expected to cost (the estimate's, or the most a completed one cost).</param>
/// <param name="CostPerCheck">What the running attempts add between two checks.</param>
/// <param name="WorkQueued">Something of the job waits to be dispatched.</param>
public readonly record struct BudgetFacts(
    JobState State, decimal Cap, decimal Billed, IReadOnlyList<decimal> RunningCosts, decimal ChunkCost, decimal CostPerCheck, bool WorkQueued);

/// <summary>
/// When a job with a cost cap is held: nothing new is dispatched once what is spent, what runs (at
/// least a chunk's cost each) and one more chunk would pass the cap; what runs is stopped too once
/// what is spent and running has passed the cap by a chunk's cost (a renderer slower than its estimate),
/// so the job never costs more than its cap and one chunk. Stopped attempts are rendered again when
/// the cap is raised; finished pieces are kept.
/// </summary>
public static class JobBudget
{
    public static JobEvent? Check(BudgetFacts facts)
    {
        if (facts.State is not (JobState.Queued or JobState.Rendering or JobState.HoldingAtCap))
            return null;
        var committed = facts.Billed + facts.RunningCosts.Sum();
        if (facts.RunningCosts.Count > 0 && committed + facts.CostPerCheck >= facts.Cap + facts.ChunkCost)
            return JobEvent.CapOverrun;
        if (facts.State == JobState.HoldingAtCap || !facts.WorkQueued)
            return null;
        var projected = committed + facts.RunningCosts.Sum(cost => Math.Max(0m, facts.ChunkCost - cost));
        return projected + facts.ChunkCost > facts.Cap ? JobEvent.CapReached : null;
    }

    /// <summary>Whether a held job may carry on under its (raised) cap: it would not be held again at once.</summary>
    public static bool MayCarryOn(BudgetFacts facts) =>
        Check(facts with { State = JobState.Rendering, WorkQueued = true }) is null;
}
