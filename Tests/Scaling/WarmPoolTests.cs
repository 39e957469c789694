using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Costs;
using RenderFarm.Scaling;

namespace RenderFarm.Tests.Scaling;

public sealed class WarmPoolTests
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 3, 9, 30, 0, TimeSpan.Zero);

    private static readonly WarmPoolWindow Office = new() { From = new TimeOnly(8, 0), To = new TimeOnly(18, 0), Nodes = 2 };

    private static AutoscalerOptions Options(params WarmPoolWindow[] windows) => new()
    {
        Enabled = true,
        MaxNodes = 6,
        Cooldown = TimeSpan.FromMinutes(1),
        IdleTimeout = TimeSpan.FromMinutes(5),
        WarmPool = [.. windows],
        Offers = ["aws/us-east-1/g4dn.xlarge/spot"],
        FarmDatabase = "Host=db",
    };

    private static NodeView Idle(string id, DateTimeOffset now, TimeSpan idleFor) => new(id, 2, false, now - idleFor, Launched: true);

    private static NodeView Busy(string id) => new(id, 2, true, null, Launched: true);

    private static ScalingPlan Decide(DateTimeOffset now, int queued, int running, AutoscalerOptions options, params NodeView[] nodes) =>
        ScalingPolicy.Decide(
            new ScalingInputs(now, queued, running, nodes, 0, [], 0, null, null, null, null, WarmNodes: WarmPool.NodesAt(options.WarmPool, now)),
            options, slotsPerMachine: 2, machinePrice: 1, maxCostPerHour: null);

    [Fact]
    public void A_window_is_open_from_its_start_to_just_before_its_end()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 7, 59, 59, TimeSpan.Zero));
        var open = new List<int>();
        foreach (var step in new[] { 0, 1, 36_000 - 1, 1 })
        {
            clock.Advance(TimeSpan.FromSeconds(step));
            open.Add(WarmPool.NodesAt([Office], clock.GetUtcNow()));
        }

        Assert.Equal([0, 2, 2, 0], open);
    }

    [Fact]
    public void A_window_ending_before_it_starts_runs_over_midnight_and_the_largest_open_one_counts()
    {
        var night = new WarmPoolWindow { From = new TimeOnly(22, 0), To = new TimeOnly(6, 0), Nodes = 1 };
        var rush = new WarmPoolWindow { From = new TimeOnly(9, 0), To = new TimeOnly(10, 0), Nodes = 4 };
        var day = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

        var nodes = new[] { 23, 3, 7, 9, 12 }.Select(hour => WarmPool.NodesAt([night, Office, rush], day.AddHours(hour)));

        Assert.Equal([1, 1, 0, 4, 2], nodes);
    }

    [Fact]
    public void A_window_is_read_in_its_time_zone()
    {
        // 07:30 UTC is 08:30 in Berlin in winter.
        var berlin = new WarmPoolWindow { From = new TimeOnly(8, 0), To = new TimeOnly(18, 0), Nodes = 3, TimeZone = "Europe/Berlin" };

        Assert.Equal(3, WarmPool.NodesAt([berlin], new DateTimeOffset(2026, 12, 3, 7, 30, 0, TimeSpan.Zero)));
        Assert.Equal(0, WarmPool.NodesAt([berlin], new DateTimeOffset(2026, 12, 3, 17, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void In_its_window_the_pool_launches_its_idle_nodes_ahead_of_demand_and_says_so()
    {
        var plan = Decide(Morning, queued: 0, running: 0, Options(Office));

        Assert.Equal(2, plan.Launch);
        Assert.Contains("the warm pool keeps 2 idle node(s) ready", Assert.Single(plan.Decisions).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_warm_nodes_come_on_top_of_what_the_work_needs()
    {
        // 3 queued and 2 running on one busy node of 2 slots: 3 slots more, plus 2 idle nodes of 2.
        var plan = Decide(Morning, queued: 3, running: 2, Options(Office), Busy("a"));

        Assert.Equal(4, plan.Launch);
    }

    [Fact]
    public void In_its_window_the_idle_rule_leaves_the_warm_nodes_and_drains_the_rest()
    {
        var nodes = new[] { Idle("a", Morning, TimeSpan.FromMinutes(20)), Idle("b", Morning, TimeSpan.FromMinutes(10)), Idle("c", Morning, TimeSpan.FromMinutes(6)) };

        var plan = Decide(Morning, 0, 0, Options(Office), nodes);

        Assert.Equal(["a"], plan.Drain);
        Assert.Equal(0, plan.Launch);
    }

    [Fact]
    public void Outside_its_window_the_normal_rules_drain_them()
    {
        var evening = new DateTimeOffset(2026, 12, 3, 18, 30, 0, TimeSpan.Zero);
        var nodes = new[] { Idle("a", evening, TimeSpan.FromMinutes(20)), Idle("b", evening, TimeSpan.FromMinutes(10)) };

        var plan = Decide(evening, 0, 0, Options(Office), nodes);

        Assert.Equal(["a", "b"], plan.Drain);
    }

    [Fact]
    public void Windows_bind_from_configuration_as_times_of_day()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Autoscaler:WarmPool:0:From"] = "08:00",
            ["Autoscaler:WarmPool:0:To"] = "19:30",
            ["Autoscaler:WarmPool:0:Nodes"] = "2",
            ["Autoscaler:WarmPool:0:TimeZone"] = "Europe/Berlin",
            ["Autoscaler:ReclaimRates:gcp"] = "0.1",
        }).Build();

        var options = configuration.GetSection(AutoscalerOptions.SectionName).Get<AutoscalerOptions>()!;

        var window = Assert.Single(options.WarmPool);
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(19, 30), 2, "Europe/Berlin"), (window.From, window.To, window.Nodes, window.TimeZone));
        Assert.Equal(0.1, options.ReclaimRates["GCP"]);
    }

    [Fact]
    public void A_window_of_no_nodes_more_than_the_maximum_or_an_unknown_time_zone_is_refused_naming_the_field()
    {
        var options = Options(
            new WarmPoolWindow { From = new TimeOnly(8, 0), To = new TimeOnly(18, 0), Nodes = 0 },
            new WarmPoolWindow { From = new TimeOnly(8, 0), To = new TimeOnly(18, 0), Nodes = 7 },
            new WarmPoolWindow { From = new TimeOnly(8, 0), To = new TimeOnly(18, 0), Nodes = 1, TimeZone = "Mars/Olympus" });

        var failures = Validate(options);

        Assert.Contains("Autoscaler:WarmPool:0:Nodes must be from 1 to MaxNodes (6) (was 0)", failures);
        Assert.Contains("Autoscaler:WarmPool:1:Nodes must be from 1 to MaxNodes (6) (was 7)", failures);
        Assert.Contains("Autoscaler:WarmPool:2:TimeZone must be a time zone id such as Europe/Berlin, or unset for UTC (was Mars/Olympus)", failures);
        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public void Reclaim_rates_boot_time_and_margin_are_checked_naming_the_field()
    {
        var options = Options();
        options.SpotReclaimsPerHour = -1;
        options.ReclaimRates["azure"] = 0.1;
        options.ReclaimRates["aws/us-east-1/g4dn.xlarge/on-demand"] = 0.1;
        options.BootTime = TimeSpan.FromSeconds(-1);
        options.DeadlineMargin = TimeSpan.FromSeconds(-1);

        var failures = Validate(options);

        Assert.Contains("Autoscaler:SpotReclaimsPerHour must be from 0 to 60 reclaims an hour (was -1)", failures);
        Assert.Contains("Autoscaler:ReclaimRates:azure must name a configured provider or a spot entry of the price catalogue", failures);
        Assert.Contains("Autoscaler:ReclaimRates:aws/us-east-1/g4dn.xlarge/on-demand must name a configured provider or a spot entry of the price catalogue", failures);
        Assert.Contains("Autoscaler:BootTime must be 0 or more (was -00:00:01)", failures);
        Assert.Contains("Autoscaler:DeadlineMargin must be 0 or more (was -00:00:01)", failures);
        Assert.Equal(5, failures.Count);
    }

    private static List<string> Validate(AutoscalerOptions options)
    {
        var validator = new AutoscalerOptionsValidator(new PriceBook(Microsoft.Extensions.Options.Options.Create(new CostOptions())), [new NamedProvider("aws")]);
        return validator.Validate(null, options).Failures?.ToList() ?? [];
    }

    private sealed class NamedProvider(string name) : IMachineProvider
    {
        public string Name => name;
        public Task<ProviderMachine> LaunchAsync(MachineLaunch launch, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task TerminateAsync(string machineId, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<ProviderMachine>> ListAsync(string farm, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<SpotPriceQuote>> SpotPricesAsync(string region, IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
