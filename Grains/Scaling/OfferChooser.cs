using System.Globalization;

namespace RenderFarm.Scaling;

/// <summary>
/// Which offers the machines <see cref="ScalingPolicy"/> decided to launch are bought from, as an
/// ordered list of rules over the offers not backed off and the outlook of each job with queued work:
/// <list type="number">
/// <item>each offer's expected cost per unit of work is its price per slot-hour × (1 + the share of
/// machine time reclaims are expected to lose: reclaims per hour × (the piece lost + a replacement's boot));</item>
/// <item>a job gets the cheapest offer on which it still ends a margin before its deadline (boot, its work
/// spread over the slots it can use, inflated by the rework, and for spot one reclaim's loss): as a
/// deadline nears, spot stops meeting it and the job moves to on-demand; a job without a deadline takes the cheapest;</item>
/// <item>a capped job never gets an offer that takes its remaining cost past what its cap leaves when a cheaper one fits;</item>
/// <item>the machines go to the jobs least slack first, as many as their queued pieces fill; the rest (a warm
/// pool, an operator's target, the CPU rule) are of the cheapest offer.</item>
/// </list>
/// </summary>
public static class OfferChooser
{
    public static OfferChoice Choose(IReadOnlyList<OfferTerms> offers, IReadOnlyList<JobOutlook> jobs, int machines, ChoiceSettings settings, DateTimeOffset now)
    {
        if (machines <= 0 || offers.Count == 0)
            return OfferChoice.Nothing;
        var wants = jobs.Where(j => j.Queued > 0)
            .Select(j => (Job: j, Pick: PickFor(j, offers, settings, now)))
            .OrderBy(w => w.Pick.Fit.Slack ?? TimeSpan.MaxValue)
            .ToList();
        var picks = new List<OfferPick>();
        var left = machines;
        foreach (var (job, (fit, why)) in wants.TakeWhile(_ => left > 0))
        {
            var count = Math.Min(left, (job.Queued + fit.Terms.Slots - 1) / Math.Max(1, fit.Terms.Slots));
            Add(picks, fit.Terms, count, why);
            left -= count;
        }
        if (left > 0)
        {
            var idle = new JobOutlook(Guid.Empty, TimeSpan.Zero, 0, 0, null, null);
            var cheapest = offers.Select(o => OfferFit.Of(o, idle, settings, now)).OrderBy(f => f.CostPerSlotHour).First();
            Add(picks, cheapest.Terms, left, $"{Describe(cheapest)}: the cheapest, for nodes no queued job fills");
        }
        return new OfferChoice(picks);
    }

    /// <summary>The offer a job's work should run on, and why.</summary>
    public static (OfferFit Fit, string Reason) PickFor(JobOutlook job, IReadOnlyList<OfferTerms> offers, ChoiceSettings settings, DateTimeOffset now)
    {
        var fits = offers.Select(o => OfferFit.Of(o, job, settings, now))
            .OrderBy(f => f.CostPerSlotHour)
            .ThenByDescending(f => f.Slack ?? TimeSpan.MaxValue)
            .ToList();
        var cheapest = fits[0];
        var of = $"job {Short(job.JobId)}";
        if (fits.FirstOrDefault(f => f.MeetsDeadline && f.FitsCap) is { } best)
        {
            var why = best == cheapest
                ? $"{Describe(best)}, the cheapest{Against(best, fits)}"
                : $"{Describe(best)}: {Missed(cheapest, settings)}";
            return (best, $"{why}; {of}{Slack(best)}");
        }
        if (job.CostLeft is null)
        {
            var fastest = fits.MaxBy(f => f.Slack ?? TimeSpan.MaxValue)!;
            return (fastest, Text($"{Describe(fastest)}: no offer ends {of} the margin of {Span(settings.DeadlineMargin)} before its deadline, the fastest{Slack(fastest)}"));
        }
        if (fits.Where(f => f.FitsCap).MaxBy(f => f.Slack ?? TimeSpan.MaxValue) is { } withinCap)
            return (withinCap, $"{Describe(withinCap)}: {of} cannot meet its deadline within what its cap leaves ({Money(job.CostLeft ?? 0)}; {Money(withinCap.JobCost)} expected here), the fastest within it{Slack(withinCap)}");
        var fallback = fits.FirstOrDefault(f => f.MeetsDeadline) ?? fits.MaxBy(f => f.Slack ?? TimeSpan.MaxValue)!;
        return (fallback, $"{Describe(fallback)}: no offer keeps {of} within what its cap leaves ({Money(job.CostLeft ?? 0)}){Slack(fallback)}");
    }

    private static void Add(List<OfferPick> picks, OfferTerms terms, int machines, string reason)
    {
        if (machines <= 0)
            return;
        var index = picks.FindIndex(p => p.Terms.Offer.Key == terms.Offer.Key);
        if (index < 0)
            picks.Add(new OfferPick(terms, machines, reason));
        else
            picks[index] = picks[index] with { Machines = picks[index].Machines + machines, Reason = picks[index].Reason + " | " + reason };
    }

    private static string Describe(OfferFit fit) => fit.Terms.Spot
        ? Text($"{fit.Terms.Offer.Key} at {Money(fit.Terms.Offer.HourlyPrice)}/h, {Money(PerMachineHour(fit))}/h expected with the rework of {fit.Terms.ReclaimsPerHour:0.###} reclaims/h ({fit.ReworkShare:P1})")
        : Text($"{fit.Terms.Offer.Key} at {Money(fit.Terms.Offer.HourlyPrice)}/h");

    /// <summary>The cheapest of the other pricing model, for comparison.</summary>
    private static string Against(OfferFit pick, IReadOnlyList<OfferFit> fits) =>
        fits.FirstOrDefault(f => f.Terms.Spot != pick.Terms.Spot) is { } other
            ? Text($", against {(other.Terms.Spot ? "spot" : "on-demand")} {other.Terms.Offer.Key} at {Money(PerMachineHour(other))}/h expected")
            : "";

    private static string Missed(OfferFit cheapest, ChoiceSettings settings) => cheapest switch
    {
        { MeetsDeadline: false } => Text($"on the cheaper {cheapest.Terms.Offer.Key} ({Money(PerMachineHour(cheapest))}/h expected) the slack would be {Span(cheapest.Slack ?? TimeSpan.Zero)}, under the margin of {Span(settings.DeadlineMargin)}"),
        _ => Text($"the cheaper {cheapest.Terms.Offer.Key} ({Money(PerMachineHour(cheapest))}/h expected) would take the job past what its cap leaves ({Money(cheapest.JobCost)} expected)"),
    };

    private static string Slack(OfferFit fit) => fit.Slack is { } slack ? $", slack {Span(slack)} to its deadline" : ", no deadline";

    private static decimal PerMachineHour(OfferFit fit) => fit.CostPerSlotHour * Math.Max(1, fit.Terms.Slots);

    private static string Money(decimal amount) => Math.Round(amount, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Short(Guid id) => id.ToString("N")[..8];

    internal static string Span(TimeSpan time)
    {
        if (time < TimeSpan.Zero)
            return "-" + Span(-time);
        return time.TotalHours >= 1
            ? Text($"{(int)time.TotalHours} h {time.Minutes:00} min")
            : Text($"{time.TotalMinutes:0} min");
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
