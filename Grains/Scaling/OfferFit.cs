namespace RenderFarm.Scaling;

/// <summary>
/// How one offer serves one job: what its slot time is expected to cost with the rework of reclaims,
/// when the job would end on machines of it, and whether that meets the job's deadline and cap.
/// </summary>
/// <param name="ReworkShare">Expected machine time lost to reclaims, as a share of the work: reclaims per hour × (the piece lost + a replacement's boot).</param>
/// <param name="CostPerSlotHour">The machine's price per slot-hour times (1 + rework share).</param>
/// <param name="Slack">Deadline − expected end (boot, the work spread over the slots it can use inflated by the rework, and for spot one reclaim's loss); null without a deadline.</param>
public sealed record OfferFit(OfferTerms Terms, double ReworkShare, decimal CostPerSlotHour, TimeSpan? Slack, decimal JobCost, bool MeetsDeadline, bool FitsCap)
{
    public static OfferFit Of(OfferTerms terms, JobOutlook job, ChoiceSettings settings, DateTimeOffset now)
    {
        var lost = (settings.ReclaimRework ?? job.MeanPiece / 2) + settings.BootTime;
        var share = terms.ReclaimsPerHour * lost.TotalHours;
        var perSlotHour = terms.Offer.HourlyPrice / Math.Max(1, terms.Slots) * (decimal)(1 + share);
        var slots = Math.Max(1, Math.Min(job.Pieces, settings.MaxMachines * Math.Max(1, terms.Slots)));
        var work = job.RemainingWork / slots * (1 + share);
        var end = now + settings.BootTime + work + (terms.ReclaimsPerHour > 0 ? lost : TimeSpan.Zero);
        TimeSpan? slack = job.Deadline is { } due ? due - end : null;
        var cost = perSlotHour * (decimal)job.RemainingWork.TotalHours;
        return new OfferFit(terms, share, perSlotHour, slack, cost, slack is not { } s || s >= settings.DeadlineMargin, job.CostLeft is not { } left || cost <= left);
    }
}
