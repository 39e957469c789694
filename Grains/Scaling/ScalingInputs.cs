namespace RenderFarm.Scaling;

/// <summary>What the autoscaler sees of its pool at one evaluation.</summary>
/// <param name="Queued">Orders waiting for a slot.</param>
/// <param name="RunningRenders">Render slots in use.</param>
/// <param name="Nodes">The pool's nodes ready for work, the farm's own and launched ones.</param>
/// <param name="Launching">Machines launched whose silo has not joined yet.</param>
/// <param name="RecentLaunches">When machines were launched within the last minute (the rate limit).</param>
/// <param name="CostPerHour">What the launched machines not yet terminated cost per hour together.</param>
/// <param name="Draining">Launched machines draining or terminating: they still bill, so they count against the maximum.</param>
/// <param name="MeanCpuShare">The pool's nodes' mean CPU busy share over the CPU window; null when not known for all of it.</param>
/// <param name="WarmNodes">Idle nodes the warm pool keeps ready now, beyond what the work needs (<see cref="WarmPool"/>).</param>
public sealed record ScalingInputs(
    DateTimeOffset Now,
    int Queued,
    int RunningRenders,
    IReadOnlyList<NodeView> Nodes,
    int Launching,
    IReadOnlyList<DateTimeOffset> RecentLaunches,
    decimal CostPerHour,
    double? MeanCpuShare,
    int? ManualTarget,
    DateTimeOffset? LastLaunchAt,
    DateTimeOffset? LastDrainAt,
    int Draining = 0,
    int WarmNodes = 0);

/// <summary>A ready node as the autoscaler counts it: its slots, whether work runs on it, since when it has had none, whether it launched it.</summary>
public sealed record NodeView(string NodeId, int Slots, bool Busy, DateTimeOffset? IdleSince, bool Launched);

/// <summary>What one evaluation decided: machines to launch (of what, at what price each), nodes to drain, and why.</summary>
public sealed record ScalingPlan(int Launch, IReadOnlyList<string> Drain, IReadOnlyList<ScalingDecision> Decisions)
{
    public static readonly ScalingPlan Nothing = new(0, [], []);
}
