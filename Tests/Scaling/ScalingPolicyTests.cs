using RenderFarm.Scaling;

namespace RenderFarm.Tests.Scaling;

public sealed class ScalingPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static AutoscalerOptions Options(int minNodes = 1, double? scaleOutAboveCpu = null) => new()
    {
        Enabled = true,
        MinNodes = minNodes,
        MaxNodes = 6,
        LaunchesPerMinute = 10,
        Cooldown = TimeSpan.FromMinutes(1),
        IdleTimeout = TimeSpan.FromMinutes(5),
        ScaleOutAboveCpu = scaleOutAboveCpu,
    };

    private static NodeView Own(string id, bool busy = true) => new(id, 2, busy, busy ? null : Now.AddHours(-1), Launched: false);

    private static NodeView Launched(string id, TimeSpan? idleFor = null) =>
        new(id, 2, idleFor is null, idleFor is { } idle ? Now - idle : null, Launched: true);

    private static ScalingInputs Seen(int queued, int running, params NodeView[] nodes) =>
        new(Now, queued, running, nodes, Launching: 0, RecentLaunches: [], CostPerHour: 0, MeanCpuShare: null, ManualTarget: null, LastLaunchAt: null, LastDrainAt: null);

    private static ScalingPlan Decide(ScalingInputs seen, AutoscalerOptions? options = null, decimal price = 1, decimal? cap = null) =>
        ScalingPolicy.Decide(seen, options ?? Options(), slotsPerMachine: 2, machinePrice: price, maxCostPerHour: cap);

    [Fact]
    public void Queued_work_beyond_the_slots_launches_enough_machines_for_it()
    {
        // 2 nodes of 2 slots, all busy, 5 orders waiting: 5 slots more, 3 machines of 2.
        var plan = Decide(Seen(queued: 5, running: 4, Own("a"), Own("b")));

        Assert.Equal(3, plan.Launch);
        Assert.Equal(ScalingAction.Launch, Assert.Single(plan.Decisions).Action);
        Assert.Contains("5 order(s) queued", plan.Decisions[0].Reason);
    }

    [Fact]
    public void Machines_still_launching_count_so_that_nothing_is_launched_twice()
    {
        var plan = Decide(Seen(queued: 5, running: 4, Own("a"), Own("b")) with { Launching = 3 });

        Assert.Equal(0, plan.Launch);
        Assert.Empty(plan.Drain);
    }

    [Fact]
    public void The_maximum_the_launch_rate_and_the_cost_per_hour_hold_launches_back_and_say_so()
    {
        var busy = Seen(queued: 40, running: 2, Own("a"));
        Assert.Equal(5, Decide(busy).Launch);

        var rated = Decide(busy with { RecentLaunches = Enumerable.Repeat(Now.AddSeconds(-20), 8).ToList() });
        Assert.Equal(2, rated.Launch);
        Assert.Contains(rated.Decisions, d => d.Action == ScalingAction.Held && d.Machines == 3 && d.Reason.Contains("launch rate", StringComparison.Ordinal));

        var priced = Decide(busy with { CostPerHour = 2.5m }, price: 1.2m, cap: 5m);
        Assert.Equal(2, priced.Launch);
        Assert.Contains(priced.Decisions, d => d.Action == ScalingAction.Held && d.Reason.Contains("cost", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_is_launched_within_the_cooldown_after_a_drain_nor_drained_after_a_launch()
    {
        var afterDrain = Decide(Seen(queued: 4, running: 2, Own("a")) with { LastDrainAt = Now.AddSeconds(-30) });
        Assert.Equal(0, afterDrain.Launch);
        Assert.Equal(ScalingAction.Held, Assert.Single(afterDrain.Decisions).Action);

        var afterLaunch = Decide(Seen(queued: 0, running: 0, Own("a"), Launched("x", idleFor: TimeSpan.FromMinutes(6))) with { LastLaunchAt = Now.AddSeconds(-30) });
        Assert.Empty(afterLaunch.Drain);
    }

    [Fact]
    public void Launched_nodes_idle_for_the_timeout_with_nothing_queued_are_drained_down_to_the_minimum_and_a_busy_one_never()
    {
        var seen = Seen(queued: 0, running: 2,
            Own("own", busy: false),
            Launched("idle-long", idleFor: TimeSpan.FromMinutes(9)),
            Launched("idle-longer", idleFor: TimeSpan.FromMinutes(20)),
            Launched("idle-short", idleFor: TimeSpan.FromMinutes(2)),
            Launched("busy"));

        var plan = Decide(seen);

        Assert.Equal(["idle-longer", "idle-long"], plan.Drain);
        Assert.Empty(Decide(seen with { Queued = 1 }).Drain);
        Assert.Equal(["idle-longer"], Decide(seen, Options(minNodes: 4)).Drain);
    }

    [Fact]
    public void An_operator_s_target_launches_or_drains_idle_launched_nodes_without_waiting_for_the_idle_timeout()
    {
        var up = Decide(Seen(queued: 0, running: 0, Own("a", busy: false)) with { ManualTarget = 4 });
        Assert.Equal(3, up.Launch);
        Assert.Contains("target of 4", up.Decisions.Single(d => d.Action == ScalingAction.Launch).Reason);

        var down = Decide(Seen(queued: 3, running: 2, Own("a"), Launched("x", idleFor: TimeSpan.FromSeconds(10)), Launched("y")) with { ManualTarget = 1 });
        Assert.Equal(["x"], down.Drain);
    }

    [Fact]
    public void A_busy_pool_by_cpu_with_work_waiting_gets_one_node_more()
    {
        var options = Options(scaleOutAboveCpu: 0.85);
        var seen = Seen(queued: 1, running: 4, Own("a"), Own("b")) with { Launching = 1 };

        Assert.Equal(0, Decide(seen with { MeanCpuShare = 0.5 }, options).Launch);
        Assert.Equal(1, Decide(seen with { MeanCpuShare = 0.9 }, options).Launch);
    }

    [Fact]
    public void Machines_still_draining_count_against_the_maximum()
    {
        var busy = Seen(queued: 40, running: 2, Own("a"));

        Assert.Equal(3, Decide(busy with { Draining = 2 }).Launch);
    }

    [Fact]
    public void The_pool_is_kept_at_its_minimum_even_without_work()
    {
        Assert.Equal(2, Decide(Seen(queued: 0, running: 0), Options(minNodes: 2)).Launch);
    }
}
