using Microsoft.Extensions.Logging;
using RenderFarm.Costs;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>The job grain's money: its estimate and budget at acceptance, its ledger, the hold at its cap.</summary>
public sealed partial class RenderJobGrain
{
    private JobBilling? billing;

    private JobBilling Billing => billing ??= new JobBilling(Job);

    async Task<JobStatus> IRenderJobGrain.SetMaxCostAsync(decimal? maxCost)
    {
        EnsureExists();
        var errors = JobOptionsRules.Check(Job.Options with { MaxCost = maxCost }).Where(e => e.Field == "options.maxCost").ToList();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors));
        if (Job.State.IsTerminal())
            throw new InvalidOperationException($"job {JobId}: the job is {Job.State}: it has ended");
        Job.Options = Job.Options with { MaxCost = maxCost };
        logger.LogInformation("Job {Job}: cost cap set to {Cap}", JobId, maxCost?.ToString() ?? "none");
        if (Job.State.IsAtCap() && (BudgetFacts() is not { } held || JobBudget.MayCarryOn(held)))
            await FireAsync(JobEvent.CapRaised);
        else
        {
            mustStore = true;
            await CheckBudgetAsync();
            await CommitAsync();
        }
        return Status();
    }

    /// <summary>
    /// Estimates the accepted job (cut as it will be) and checks it against its cap and its user's
    /// monthly cap. An estimate that cannot be made now does not stop the job: its cap is still kept
    /// while it runs.
    /// </summary>
    private async Task<IReadOnlyList<ValidationError>> CheckEstimateAsync(ResolvedTimeline timeline)
    {
        var options = Job.Options;
        try
        {
            var chunks = ChunkPlanner.Plan(timeline.Timeline, ChunkingOptions.ForJob(options, limits.MaxInputsPerRun));
            Job.Estimate = await GrainFactory.GetGrain<ICostEstimatorGrain>(0).EstimatePlannedAsync(timeline, chunks, options with { Pool = Job.Pool });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: no estimate could be made now: {Error}", JobId, e.Message);
        }
        var errors = new List<ValidationError>();
        var estimate = Job.Estimate;
        if (options.MaxCost is { } cap && estimate is not null && estimate.Cost > cap)
            errors.Add(new ValidationError("options.maxCost", $"{Money(cap, estimate.Currency)} is below the estimate of {Money(estimate.Cost, estimate.Currency)} " +
                $"({Money(estimate.OnDemand.CostLow, estimate.Currency)} to {Money(estimate.OnDemand.CostHigh, estimate.Currency)}); raise it or leave it unset"));
        if (prices.UserMonthlyCaps.TryGetValue(Job.Submitter, out var monthly))
        {
            var spent = await GrainFactory.GetGrain<IAccountLedgerGrain>(AccountKeys.User(Job.Submitter)).SpentInMonthAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            Job.Allowance = Math.Max(0m, monthly - spent);
            if (estimate is not null && estimate.Cost > Job.Allowance)
                errors.Add(new ValidationError("options.submitter", $"the monthly cap of {Money(monthly, estimate.Currency)} for {Job.Submitter} leaves {Money(Job.Allowance.Value, estimate.Currency)} this month, " +
                    $"below the estimate of {Money(estimate.Cost, estimate.Currency)}"));
        }
        return errors;
    }

    /// <summary>Holds the job when its cap would be passed (or stops what runs once it has been by a chunk's cost).</summary>
    private async Task CheckBudgetAsync()
    {
        if (BudgetFacts() is { } facts && JobBudget.Check(facts) is { } decision)
        {
            logger.LogWarning("Job {Job}: {Decision} at {Spent} of its cap {Cap}", JobId, decision, facts.Billed + facts.RunningCosts.Sum(), facts.Cap);
            await FireAsync(decision);
        }
    }

    private BudgetFacts? BudgetFacts()
    {
        if (Job.Cap is not { } cap || work is null)
            return null;
        var running = Billing.RunningCosts(clock.GetUtcNow());
        var chunk = Math.Max(Job.Estimate?.LargestChunkCost ?? 0m, Billing.LargestCompletedChunk());
        var perCheck = Billing.RunningRatePerSecond() * (decimal)policy.SuperviseInterval.TotalSeconds;
        return new BudgetFacts(Job.State, cap, Billing.Billed(), running, chunk, perCheck, work.QueuedOrders().Count > 0);
    }

    /// <summary>Sends the attempts that ended to the job's ledger; one not taken now is sent with the next flush.</summary>
    private async Task BillAsync()
    {
        if (Job.Cap is { } cap && !Job.State.IsTerminal())
            capGauges.Report(JobId, Job.Pool, (double)((Billing.Billed() + Billing.RunningCosts(clock.GetUtcNow()).Sum()) / cap));
        else
            capGauges.Withdraw(JobId);
        var entries = Billing.Untaken();
        if (entries.Count == 0)
            return;
        try
        {
            await GrainFactory.GetGrain<IJobLedgerGrain>(JobId).RecordAsync(Billing.Account, entries);
            Billing.Taken(entries);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: its ledger did not take {Count} attempt(s) now, sending them again: {Error}", JobId, entries.Count, e.Message);
        }
    }

    private JobCost CostView()
    {
        var running = Billing.RunningCosts(clock.GetUtcNow()).Sum();
        var billed = Billing.Billed();
        var currency = Job.Estimate?.Currency ?? Billing.Currency;
        return new JobCost
        {
            Billed = billed,
            Running = running,
            Estimate = Job.Estimate,
            Cap = Job.Cap,
            Currency = currency,
            Hold = Job.State.IsAtCap() && Job.Cap is { } cap
                ? $"held at its cost cap of {Money(cap, currency)} with {Money(billed + running, currency)} spent" +
                  (Job.Estimate is { } estimate ? $" (estimated {Money(estimate.Cost, currency)})" : "") + "; raise the cap to carry on"
                : null,
        };
    }

    private static string Money(decimal amount, string currency) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{CentRounding.ToCents(amount):0.00} {currency}");
}
