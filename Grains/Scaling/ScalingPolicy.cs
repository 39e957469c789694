using System.Globalization;

namespace RenderFarm.Scaling;

/// <summary>
/// How many machines a pool launches or drains now, as plain arithmetic over what it sees:
/// <list type="number">
/// <item>demand: the slots the queued and running work wants, against the slots of the ready nodes and
/// the machines still launching (counted until they join, so nothing is launched twice); with
/// <see cref="AutoscalerOptions.ScaleOutAboveCpu"/>, one more node while the pool is that busy and work waits; during a
/// warm pool's window, its idle nodes on top (launched ahead of demand, and not drained by the idle rule);</item>
/// <item>an operator's target replaces demand until it is cleared;</item>
/// <item>limits: never above the maximum nodes (machines still draining count) or below the minimum, no more than the launch rate,
/// within the cluster's cost per hour, and nothing the opposite way within the cooldown;</item>
/// <item>scale-in: with nothing queued, launched nodes idle for the idle timeout are drained, the
/// longest idle first, down to the minimum; a busy node is never drained.</item>
/// </list>
/// </summary>
public static class ScalingPolicy
{
    public static ScalingPlan Decide(ScalingInputs seen, AutoscalerOptions options, int slotsPerMachine, decimal machinePrice, decimal? maxCostPerHour)
    {
        var decisions = new List<ScalingDecision>();
        var nodes = seen.Nodes.Count + seen.Launching;
        var wanted = seen.ManualTarget ?? Demand(seen, options, slotsPerMachine, nodes, out _);
        var reason = seen.ManualTarget is { } target ? $"the operator's target of {target} node(s)" : DemandReason(seen, options, slotsPerMachine, nodes);
        wanted = Math.Clamp(wanted, options.MinNodes, Math.Max(options.MinNodes, options.MaxNodes - seen.Draining));

        if (wanted > nodes)
            return new ScalingPlan(Launchable(seen, options, wanted - nodes, machinePrice, maxCostPerHour, reason, decisions), [], decisions);

        var drain = Drainable(seen, options, nodes - wanted, decisions);
        return new ScalingPlan(0, drain, decisions);
    }

    /// <summary>The nodes the work wants: enough slots for everything queued and running, more while CPU says so.</summary>
    private static int Demand(ScalingInputs seen, AutoscalerOptions options, int slotsPerMachine, int nodes, out int missingSlots)
    {
        var slots = seen.Nodes.Sum(n => n.Slots) + seen.Launching * slotsPerMachine;
        missingSlots = seen.Queued + seen.RunningRenders - slots;
        var withWarm = missingSlots + seen.WarmNodes * slotsPerMachine;
        var more = withWarm > 0 ? (withWarm + slotsPerMachine - 1) / slotsPerMachine : 0;
        if (more == 0 && seen.Queued > 0 && options.ScaleOutAboveCpu is { } busy && seen.MeanCpuShare >= busy)
            more = 1;
        // Without work, the nodes the idle rule has not yet let go.
        return nodes + more;
    }

    private static string DemandReason(ScalingInputs seen, AutoscalerOptions options, int slotsPerMachine, int nodes)
    {
        Demand(seen, options, slotsPerMachine, nodes, out var missing);
        var warm = seen.WarmNodes > 0 ? string.Create(CultureInfo.InvariantCulture, $"the warm pool keeps {seen.WarmNodes} idle node(s) ready beyond the work") : null;
        if (missing > 0)
        {
            var work = string.Create(CultureInfo.InvariantCulture, $"{seen.Queued} order(s) queued and {seen.RunningRenders} running want {missing} slot(s) more than the {seen.Nodes.Count} ready node(s) and {seen.Launching} launching have");
            return warm is null ? work : $"{work}; {warm}";
        }
        return warm is not null && missing + seen.WarmNodes * slotsPerMachine > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{warm} ({seen.Queued} order(s) queued, {seen.RunningRenders} running, {seen.Nodes.Count(n => !n.Busy)} ready node(s) idle, {seen.Launching} launching)")
            : string.Create(CultureInfo.InvariantCulture, $"the pool's nodes averaged {seen.MeanCpuShare:P0} CPU over the window with {seen.Queued} order(s) queued");
    }

    private static int Launchable(ScalingInputs seen, AutoscalerOptions options, int more, decimal machinePrice, decimal? maxCostPerHour, string reason, List<ScalingDecision> decisions)
    {
        if (seen.LastDrainAt is { } drained && seen.Now - drained < options.Cooldown)
        {
            decisions.Add(new(seen.Now, ScalingAction.Held, more, $"{reason}; held: a node was drained {Ago(seen.Now - drained)} ago, within the cooldown of {options.Cooldown}"));
            return 0;
        }
        var launch = more;
        var rateLeft = options.LaunchesPerMinute - seen.RecentLaunches.Count(at => seen.Now - at < TimeSpan.FromMinutes(1));
        if (maxCostPerHour is { } cap && machinePrice > 0)
            launch = Math.Min(launch, (int)Math.Max(0, Math.Floor((cap - seen.CostPerHour) / machinePrice)));
        var byCost = launch;
        launch = Math.Min(launch, Math.Max(0, rateLeft));
        if (launch < more)
        {
            var limit = byCost < more
                ? string.Create(CultureInfo.InvariantCulture, $"the cluster's cost would pass {maxCostPerHour}/h ({seen.CostPerHour}/h now, {machinePrice}/h a machine)")
                : $"the launch rate of {options.LaunchesPerMinute} a minute";
            decisions.Add(new(seen.Now, ScalingAction.Held, more - launch, $"{reason}; {more - launch} of {more} held by {limit}"));
        }
        if (launch > 0)
            decisions.Add(new(seen.Now, ScalingAction.Launch, launch, reason));
        return launch;
    }

    private static List<string> Drainable(ScalingInputs seen, AutoscalerOptions options, int fewer, List<ScalingDecision> decisions)
    {
        var idle = seen.Nodes
            .Where(n => n.Launched && !n.Busy && n.IdleSince is { } since && (seen.ManualTarget is not null || seen.Now - since >= options.IdleTimeout))
            .OrderBy(n => n.IdleSince)
            .ToList();
        if (seen.Queued > 0 && seen.ManualTarget is null)
            return [];
        // Without a target, every node idle that long goes, down to the minimum and to the warm pool's idle nodes.
        var warmKept = seen.Nodes.Count(n => !n.Busy) - seen.WarmNodes;
        var count = seen.ManualTarget is null ? Math.Min(Math.Min(idle.Count, warmKept), seen.Nodes.Count + seen.Launching - options.MinNodes) : Math.Min(idle.Count, fewer);
        if (count <= 0)
            return [];
        if (seen.LastLaunchAt is { } launched && seen.Now - launched < options.Cooldown)
        {
            decisions.Add(new(seen.Now, ScalingAction.Held, count, $"{count} idle node(s) kept: a machine was launched {Ago(seen.Now - launched)} ago, within the cooldown of {options.Cooldown}"));
            return [];
        }
        var drained = idle.Take(count).Select(n => n.NodeId).ToList();
        decisions.Add(new(seen.Now, ScalingAction.Drain, drained.Count, seen.ManualTarget is { } target
            ? $"the operator's target of {target} node(s): {string.Join(", ", drained)} idle"
            : $"{string.Join(", ", drained)} idle for {options.IdleTimeout} or more with nothing queued"));
        return drained;
    }

    private static string Ago(TimeSpan time) => time.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";
}
