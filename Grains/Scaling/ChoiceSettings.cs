namespace RenderFarm.Scaling;

/// <summary>What the offer chooser weighs besides the offers and the jobs (see <see cref="AutoscalerOptions"/> for each).</summary>
/// <param name="ReclaimRework">Slot time a reclaim loses; null for half of the job's mean piece.</param>
/// <param name="MaxMachines">The most machines the pool may have: the most a job's work spreads over.</param>
public sealed record ChoiceSettings(TimeSpan BootTime, TimeSpan? ReclaimRework, TimeSpan DeadlineMargin, int MaxMachines)
{
    public static ChoiceSettings From(AutoscalerOptions options) =>
        new(options.BootTime, options.ReclaimRework, options.DeadlineMargin, options.MaxNodes);
}
