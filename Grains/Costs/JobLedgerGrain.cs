using Microsoft.Extensions.Logging;
using RenderFarm.Chunks;
using RenderFarm.Telemetry;

namespace RenderFarm.Costs;

/// <summary>
/// A job's ledger. Its job sends the attempts that ended (each at its slot's price, for the seconds
/// it ran under its machine's billing rule: failed, stopped, lost and backup attempts alike); each is
/// billed once however often it is sent. The job's charge is posted on to its user's, its project's
/// and its pool's accounts, a few seconds after a change (so a busy job does not write them at every
/// chunk), and again until they have taken it. An attempt ended by its machine's reclaim is billed like any,
/// and the bill and the charge say what of it was kept and what the reclaim lost. A charge posted by no one yet is posted on the ledger's
/// next activation.
/// </summary>
public sealed class JobLedgerGrain(
    [PersistentState("job-ledger", RenderFarmNames.Storage)] IPersistentState<JobLedgerRecord> record,
    RenderFarmMetrics metrics,
    ILogger<JobLedgerGrain> logger) : Grain, IJobLedgerGrain
{
    private static readonly TimeSpan PostDelay = TimeSpan.FromSeconds(2);

    private IGrainTimer? postTimer;
    private DateTimeOffset lastPost = DateTimeOffset.MinValue;

    private JobLedgerRecord Ledger => record.State;

    async Task<decimal> IJobLedgerGrain.RecordAsync(JobAccount account, IReadOnlyList<LedgerEntry> entries)
    {
        var added = new List<LedgerEntry>();
        foreach (var entry in entries)
        {
            if (Ledger.Entries.TryAdd(entry.Id, entry))
                added.Add(entry);
        }
        if (added.Count > 0 || Ledger.Account != account)
        {
            Ledger.Account = account;
            Ledger.Revision++;
            await record.WriteStateAsync();
            metrics.Billed(account.Pool, added.Sum(e => e.Time.Amount));
        }
        if (Ledger.PostedRevision < Ledger.Revision)
        {
            if (DateTimeOffset.UtcNow - lastPost >= PostDelay)
                await PostAsync();
            else
                postTimer ??= this.RegisterGrainTimer(PostAsync, new GrainTimerCreationOptions(PostDelay, PostDelay));
        }
        return Total();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.RecordExists && Ledger.PostedRevision < Ledger.Revision)
            postTimer = this.RegisterGrainTimer(PostAsync, new GrainTimerCreationOptions(TimeSpan.Zero, PostDelay));
        return Task.CompletedTask;
    }

    Task<Bill> IJobLedgerGrain.GetBillAsync()
    {
        var entries = Ledger.Entries.Values.OrderBy(e => e.StartedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var amounts = CentRounding.Allocate(entries.Select(e => e.Time.Amount).ToList());
        var work = CentRounding.ToCents(Total());
        var account = Ledger.Account;
        var seconds = entries.Sum(e => e.BilledSeconds);
        return Task.FromResult(new Bill
        {
            Subject = $"job {this.GetPrimaryKey()}",
            Currency = Currency(),
            Jobs = account is null ? [] : [new BillLine(this.GetPrimaryKey(), account.Name, account.User, account.Project, account.Pool, seconds, work)],
            Attempts = entries.Select((e, i) => new BillEntry(e.Work.ToString(), e.Attempt, e.Node, e.Price.Instance, Outcome(e), e.StartedAt, e.EndedAt, e.BilledSeconds, amounts[i])).ToList(),
            Work = work,
            Total = work,
            SlotSeconds = seconds,
            Reclaims = ReclaimBilling.InCents(Reclaims()),
        });
    }

    /// <summary>Sums per price first: the total depends on the seconds at each price, never on how many entries made them.</summary>
    private decimal Total() => Ledger.Entries.Values
        .GroupBy(e => (e.Price.HourlyPrice, e.Price.Slots))
        .Sum(g => new BilledTime(g.Key.HourlyPrice, g.Key.Slots, g.Sum(e => e.BilledSeconds)).Amount);

    private string Currency() => Ledger.Entries.Values.FirstOrDefault()?.Price.Currency ?? "USD";

    private JobCharge Charge()
    {
        var account = Ledger.Account!;
        var days = Ledger.Entries.Values
            .GroupBy(e => DateOnly.FromDateTime(e.EndedAt.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(day => new DayCharge(day.Key, day
                .GroupBy(e => (e.Price.HourlyPrice, e.Price.Slots))
                .Select(g => new BilledTime(g.Key.HourlyPrice, g.Key.Slots, g.Sum(e => e.BilledSeconds)))
                .ToList()))
            .ToList();
        return new JobCharge(this.GetPrimaryKey(), account.Name, account.User, account.Project, account.Pool, Currency(), days, Ledger.Revision, Reclaims());
    }

    private async Task PostAsync()
    {
        if (Ledger.Account is not { } account || Ledger.PostedRevision >= Ledger.Revision)
            return;
        lastPost = DateTimeOffset.UtcNow;
        var charge = Charge();
        try
        {
            await Task.WhenAll(
                GrainFactory.GetGrain<IAccountLedgerGrain>(AccountKeys.User(account.User)).PostJobAsync(charge),
                GrainFactory.GetGrain<IAccountLedgerGrain>(AccountKeys.Project(account.Project)).PostJobAsync(charge),
                GrainFactory.GetGrain<IAccountLedgerGrain>(AccountKeys.Pool(account.Pool)).PostJobAsync(charge));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: its charge was not posted to its accounts now, trying again: {Error}", this.GetPrimaryKey(), e.Message);
            return;
        }
        Ledger.PostedRevision = charge.Revision;
        await record.WriteStateAsync();
        if (Ledger.PostedRevision == Ledger.Revision)
        {
            postTimer?.Dispose();
            postTimer = null;
        }
    }

    /// <summary>Posts what is pending before going idle; a silo shutting down leaves it to the ledger's next activation (its accounts may be gone with the silo).</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        reason.ReasonCode == DeactivationReasonCode.ShuttingDown ? Task.CompletedTask : PostAsync();

    /// <summary>The attempts ended by a machine's reclaim, exact; null when none was.</summary>
    private ReclaimTally? Reclaims() => ReclaimBilling.Tally(Ledger.Entries.Values);

    private static string Outcome(LedgerEntry entry) => entry.Reclaimed is { } frames
        ? $"reclaimed: kept {frames.Kept} frames, lost {frames.Lost}"
        : Outcome(entry.End);

    private static string Outcome(AttemptEnd end) => end switch
    {
        AttemptEnd.Completed => "completed",
        AttemptEnd.Failed => "failed",
        AttemptEnd.Stopped => "stopped",
        AttemptEnd.NodeLost => "node lost",
        AttemptEnd.Stalled => "stalled",
        AttemptEnd.Reclaimed => "reclaimed",
        _ => end.ToString(),
    };
}
