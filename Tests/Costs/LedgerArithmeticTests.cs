using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Costs;

/// <summary>Amounts to the cent under per-second billing, whatever the number of entries.</summary>
public sealed class LedgerArithmeticTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ten_thousand_entries_of_a_fraction_of_a_second_bill_exactly_what_their_billed_seconds_cost()
    {
        // 0.4 s each is billed as 1 s; at 0.7733/h shared by 3 slots, one second costs 0.0000716018518… per slot.
        var price = new SlotPrice("aws/us-east-1/odd/on-demand", 0.7733m, 3, new BillingRule(1, 60));
        var entries = Enumerable.Range(0, 10_000)
            .Select(i => Entry(i, price, T0.AddSeconds(i), TimeSpan.FromMilliseconds(400)))
            .ToList();

        var total = Group(entries).Sum(t => t.Amount);

        // 10,000 billed seconds at 0.7733/3 per hour: 10000 × 0.7733 / 10800 = 0.71601851…
        Assert.Equal(0.72m, CentRounding.ToCents(total));
        Assert.Equal(0.7733m * 10_000m / 10_800m, total);
    }

    [Fact]
    public void A_total_does_not_drift_with_how_many_entries_make_it()
    {
        var price = new SlotPrice("gcp/us-central1/g2-standard-4/on-demand", 0.7068m, 1, new BillingRule(1, 60));
        var one = Group([Entry(0, price, T0, TimeSpan.FromSeconds(36_000))]).Sum(t => t.Amount);
        var many = Group(Enumerable.Range(0, 36_000).Select(i => Entry(i, price, T0.AddSeconds(i), TimeSpan.FromSeconds(1))).ToList()).Sum(t => t.Amount);

        Assert.Equal(one, many);
        Assert.Equal(7.068m, one);
    }

    [Fact]
    public void The_machines_minimum_is_billed_once_per_run_on_the_pools_ledger_not_per_attempt()
    {
        var machine = PriceCatalogue.Defaults.Find("aws/us-east-1/g4dn.xlarge/on-demand")!;
        var runs = new[]
        {
            new MachineRun("a", "run-1", machine, T0, T0.AddSeconds(5)),      // billed 60 s
            new MachineRun("b", "run-1", machine, T0, T0.AddSeconds(3600.2)), // billed 3601 s
        };

        var uptime = MachineBilling.Uptime(runs, new BillingQuery { Pool = "default" });

        Assert.Equal(3661, uptime.Seconds);
        Assert.Equal(CentRounding.ToCents(0.526m * 3661m / 3600m), uptime.Cost);
        var attempt = Entry(0, SlotPrice.Of(machine, 1), T0, TimeSpan.FromSeconds(5));
        Assert.Equal(5, attempt.BilledSeconds);
    }

    [Fact]
    public void A_run_across_the_start_of_a_period_is_billed_for_its_days_in_it_without_a_second_minimum()
    {
        var machine = PriceCatalogue.Defaults.Find("aws/us-east-1/g4dn.xlarge/on-demand")!;
        var run = new MachineRun("a", "run-1", machine, new DateTimeOffset(2026, 11, 30, 23, 59, 50, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 20, TimeSpan.Zero));

        var december = MachineBilling.Uptime([run], new BillingQuery { Pool = "default" }.InMonth(2026, 12));
        var november = MachineBilling.Uptime([run], new BillingQuery { Pool = "default" }.InMonth(2026, 11));

        Assert.Equal(20, december.Seconds);
        Assert.Equal(60, november.Seconds);
    }

    [Fact]
    public void Rounded_lines_add_up_to_the_rounded_total()
    {
        var exact = Enumerable.Repeat(1m / 3m, 10).ToList();

        var lines = CentRounding.Allocate(exact);

        Assert.Equal(3.33m, lines.Sum());
        Assert.Equal(3, lines.Count(l => l == 0.34m));
        Assert.Equal(7, lines.Count(l => l == 0.33m));
    }

    [Fact]
    public void The_cents_lost_to_rounding_go_to_the_lines_that_lost_the_most()
    {
        var lines = CentRounding.Allocate([0.004m, 0.004m, 0.009m]);

        // 0.017 is 2 cents: one to the line that lost 0.9 of a cent, one to the first that lost 0.4.
        Assert.Equal([0.01m, 0m, 0.01m], lines);
    }

    [Fact]
    public void A_billing_query_names_exactly_one_account_and_days_in_order()
    {
        Assert.Throws<ArgumentException>(() => new BillingQuery().Validate());
        Assert.Throws<ArgumentException>(() => new BillingQuery { User = "ana", Pool = "default" }.Validate());
        Assert.Throws<ArgumentException>(() => BillingQuery.ForJob(Guid.NewGuid()).InMonth(2026, 12).Validate());
        var reversed = Assert.Throws<ArgumentException>(() => (BillingQuery.ForUser("ana") with { From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 1) }).Validate());
        Assert.Contains("billing.to", reversed.Message);
        (BillingQuery.ForUser("ana") with { Project = "trailer" }).Validate();
        BillingQuery.ForProject("trailer").InMonth(2026, 12).Validate();
    }

    private static LedgerEntry Entry(int index, SlotPrice price, DateTimeOffset start, TimeSpan ran) =>
        new(WorkKey.ForChunk(Guid.Empty, index), 1, "a", price, start, start + ran, AttemptEnd.Completed);

    /// <summary>As the ledgers sum: seconds per price first.</summary>
    private static IEnumerable<BilledTime> Group(IReadOnlyList<LedgerEntry> entries) => entries
        .GroupBy(e => (e.Price.HourlyPrice, e.Price.Slots))
        .Select(g => new BilledTime(g.Key.HourlyPrice, g.Key.Slots, g.Sum(e => e.BilledSeconds)));
}
