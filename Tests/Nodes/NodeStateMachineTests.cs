using RenderFarm.Nodes;

namespace RenderFarm.Tests.Nodes;

public sealed class NodeStateMachineTests
{
    public static TheoryData<NodeState, NodeEvent, NodeState> Table => new()
    {
        { NodeState.Ready, NodeEvent.Registered, NodeState.Ready },
        { NodeState.Ready, NodeEvent.Draining, NodeState.Draining },
        { NodeState.Ready, NodeEvent.SiloDead, NodeState.Dead },
        { NodeState.Draining, NodeEvent.Registered, NodeState.Ready },
        { NodeState.Draining, NodeEvent.Draining, NodeState.Draining },
        { NodeState.Draining, NodeEvent.SiloDead, NodeState.Dead },
        { NodeState.Dead, NodeEvent.Registered, NodeState.Ready },
        { NodeState.Dead, NodeEvent.Draining, NodeState.Dead },
        { NodeState.Dead, NodeEvent.SiloDead, NodeState.Dead },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_state_and_event_has_its_next_state(NodeState state, NodeEvent e, NodeState next) =>
        Assert.Equal(next, NodeStateMachine.Apply(state, e));

    [Fact]
    public void The_table_covers_every_state_and_event()
    {
        var covered = Table.Select(row => (row.Data.Item1, row.Data.Item2)).ToHashSet();
        var missing = Enum.GetValues<NodeState>().SelectMany(s => Enum.GetValues<NodeEvent>().Select(e => (s, e))).Where(p => !covered.Contains(p)).ToList();
        Assert.True(missing.Count == 0, $"no row for: {string.Join(", ", missing)}");
    }
}
