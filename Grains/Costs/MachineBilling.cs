namespace RenderFarm.Costs;

/// <summary>The uptime of a pool's machines within a bill's days, under each machine's billing rule.</summary>
public static class MachineBilling
{
    public static MachineUptime Uptime(IEnumerable<MachineRun> runs, BillingQuery query)
    {
        var from = query.From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : DateTimeOffset.MinValue;
        var to = query.To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : DateTimeOffset.MaxValue;
        var machines = 0;
        var seconds = 0L;
        var exact = new List<decimal>();
        foreach (var run in runs)
        {
            var start = run.StartedAt > from ? run.StartedAt : from;
            var end = run.LastSeenAt < to ? run.LastSeenAt : to;
            if (end < start)
                continue;
            // The minimum is billed once, in the days the run started in.
            var billed = run.StartedAt >= from
                ? run.Price.Billing.MachineSeconds(end - start)
                : run.Price.Billing.AttemptSeconds(end - start);
            machines++;
            seconds += billed;
            exact.Add(new BilledTime(run.Price.HourlyPrice, 1, billed).Amount);
        }
        return new MachineUptime(machines, seconds, CentRounding.ToCents(exact.Sum()));
    }
}
