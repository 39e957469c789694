namespace RenderFarm.Nodes;

/// <summary>What this silo's render node is now, as its lifecycle last set it: for its gauges and its readiness probe.</summary>
public sealed class LocalNodeStatus(TimeProvider clock)
{
    private volatile Snapshot current = new(LocalNodeState.Starting, null, null, null);

    public Snapshot Current => current;

    public void Registered(NodeCapabilities capabilities) =>
        current = current with { State = LocalNodeState.Ready, Capabilities = capabilities, RegisteredAt = clock.GetUtcNow() };

    public void Reported() => current = current with { LastReportAt = clock.GetUtcNow() };

    public void Draining() => current = current with { State = LocalNodeState.Draining };

    public sealed record Snapshot(LocalNodeState State, NodeCapabilities? Capabilities, DateTimeOffset? RegisteredAt, DateTimeOffset? LastReportAt);
}

public enum LocalNodeState
{
    /// <summary>The silo runs, but its node is not registered with the scheduler yet.</summary>
    Starting,
    Ready,
    /// <summary>The silo is stopping: the node takes no more work.</summary>
    Draining,
}
