namespace RenderFarm.Nodes;

/// <summary>What can happen to a render node.</summary>
public enum NodeEvent
{
    /// <summary>Its silo started and registered it: it takes work.</summary>
    Registered,
    /// <summary>Its silo is stopping: it takes no more work and its running work ends.</summary>
    Draining,
    /// <summary>Membership declared its silo dead.</summary>
    SiloDead,
}

/// <summary>
/// A node's life as one pure function: state + event → next state. A node is Ready once registered,
/// Draining while its silo stops, Dead once membership declares its silo dead; a registration (the
/// node's silo started again) makes it Ready whatever it was.
/// </summary>
public static class NodeStateMachine
{
    public static NodeState Apply(NodeState state, NodeEvent e) => (state, e) switch
    {
        (_, NodeEvent.Registered) => NodeState.Ready,
        (NodeState.Ready, NodeEvent.Draining) => NodeState.Draining,
        (NodeState.Ready or NodeState.Draining, NodeEvent.SiloDead) => NodeState.Dead,
        _ => state,
    };
}
