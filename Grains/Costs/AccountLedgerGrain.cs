namespace RenderFarm.Costs;

/// <summary>
/// The ledger of a user, a project or a pool (key: <see cref="AccountKeys"/>). It keeps the latest
/// charge of each of its jobs (a charge replaces the job's earlier one, so nothing is billed twice)
/// and, for a pool, every run of its machines, whose uptime less the jobs' work is the idle time.
/// </summary>
public sealed class AccountLedgerGrain(
    [PersistentState("account-ledger", RenderFarmNames.Storage)] IPersistentState<AccountLedgerRecord> record) : Grain, IAccountLedgerGrain
{
    /// <summary>
    /// How late a machine's last-seen time may be written: every node reports with each load report
    /// (every few seconds), and writing the whole ledger each time costs the farm more than the
    /// seconds it would save the bill after a crash. A new run is written at once; a graceful stop
    /// or deactivation writes the rest.
    /// </summary>
    private static readonly TimeSpan MachineRunWritePeriod = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, DateTimeOffset> writtenLastSeen = [];

    private AccountLedgerRecord Ledger => record.State;

    private string Key => this.GetPrimaryKeyString();

    private bool IsPool => Key.StartsWith(AccountKeys.Pool(""), StringComparison.Ordinal);

    async Task IAccountLedgerGrain.PostJobAsync(JobCharge charge)
    {
        if (Ledger.Jobs.TryGetValue(charge.JobId, out var known) && known.Revision >= charge.Revision)
            return;
        Ledger.Jobs[charge.JobId] = charge;
        await WriteAsync();
    }

    async Task IAccountLedgerGrain.MachineUpAsync(MachineRun run)
    {
        var key = $"{run.Node}/{run.Run}";
        if (Ledger.Machines.TryGetValue(key, out var known) && known.LastSeenAt >= run.LastSeenAt)
            return;
        Ledger.Machines[key] = run;
        if (known is null || !writtenLastSeen.TryGetValue(key, out var written) || run.LastSeenAt - written >= MachineRunWritePeriod)
            await WriteAsync();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, run) in Ledger.Machines)
            writtenLastSeen[key] = run.LastSeenAt;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Ledger.Machines.Any(m => !writtenLastSeen.TryGetValue(m.Key, out var written) || written < m.Value.LastSeenAt))
            await WriteAsync();
    }

    private async Task WriteAsync()
    {
        await record.WriteStateAsync();
        foreach (var (key, run) in Ledger.Machines)
            writtenLastSeen[key] = run.LastSeenAt;
    }

    Task<Bill> IAccountLedgerGrain.GetBillAsync(BillingQuery query)
    {
        var jobs = Ledger.Jobs.Values
            .Where(j => query.User is null || query.Project is null || j.Project == query.Project)
            .Select(j => (Charge: j, Time: j.Days.Where(d => query.Covers(d.Day)).SelectMany(d => d.Time).ToList()))
            .Where(j => j.Time.Count > 0)
            .OrderBy(j => j.Charge.Days[0].Day).ThenBy(j => j.Charge.JobId)
            .ToList();
        var exact = jobs.Select(j => j.Time.Sum(t => t.Amount)).ToList();
        var amounts = CentRounding.Allocate(exact);
        var work = amounts.Sum();
        var uptime = IsPool ? MachineBilling.Uptime(Ledger.Machines.Values, query) : null;
        var idle = uptime is null ? 0m : uptime.Cost - work;
        return Task.FromResult(new Bill
        {
            Subject = Key.Replace('/', ' '),
            From = query.From,
            To = query.To,
            Currency = jobs.FirstOrDefault().Charge?.Currency ?? Ledger.Machines.Values.FirstOrDefault()?.Price.Currency ?? "USD",
            Jobs = jobs.Select((j, i) => new BillLine(j.Charge.JobId, j.Charge.Name, j.Charge.User, j.Charge.Project, j.Charge.Pool, j.Time.Sum(t => t.Seconds), amounts[i])).ToList(),
            Work = work,
            Uptime = uptime,
            Idle = idle,
            Total = work + idle,
            SlotSeconds = jobs.Sum(j => j.Time.Sum(t => t.Seconds)),
            Reclaims = ReclaimBilling.InCents(ReclaimBilling.Sum(jobs.Where(j => j.Charge.Reclaims is not null).Select(j => j.Charge.Reclaims!))),
        });
    }

    Task<decimal> IAccountLedgerGrain.SpentInMonthAsync(DateOnly day) =>
        Task.FromResult(Ledger.Jobs.Values
            .SelectMany(j => j.Days)
            .Where(d => d.Day.Year == day.Year && d.Day.Month == day.Month)
            .SelectMany(d => d.Time)
            .Sum(t => t.Amount));
}
