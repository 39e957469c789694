using RenderFarm.Scheduling;

namespace RenderFarm.Nodes;

/// <summary>One render node: registered by its silo at start, told when it is gone, fed its load.</summary>
public sealed class RenderNodeGrain(
    [PersistentState("node", RenderFarmNames.Storage)] IPersistentState<NodeRecord> record,
    TimeProvider clock) : Grain, IRenderNodeGrain
{
    private NodeLoad load = new();
    private DateTimeOffset lastReportAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Load reports are not stored: until the next one, the registration is the latest sign of life.
        lastReportAt = record.State.RegisteredAt;
        return Task.CompletedTask;
    }

    async Task IRenderNodeGrain.RegisterAsync(NodeInfo info)
    {
        record.State = new NodeRecord { Info = info, State = NodeStateMachine.Apply(record.State.State, NodeEvent.Registered), RegisteredAt = clock.GetUtcNow() };
        await record.WriteStateAsync();
        lastReportAt = clock.GetUtcNow();
        await GrainFactory.GetGrain<INodeRegistryGrain>(info.Pool).AddAsync(info.NodeId);
        await GrainFactory.GetGrain<ISchedulerGrain>(info.Pool).NodeUpAsync(info);
    }

    Task IRenderNodeGrain.ReportLoadAsync(NodeLoad current)
    {
        load = current;
        lastReportAt = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    async Task IRenderNodeGrain.DrainAsync()
    {
        var next = NodeStateMachine.Apply(record.State.State, NodeEvent.Draining);
        if (record.State.Info is null || record.State.State == next)
            return;
        record.State.State = next;
        await record.WriteStateAsync();
        await GrainFactory.GetGrain<ISchedulerGrain>(record.State.Info.Pool).NodeDownAsync(record.State.Info.NodeId);
    }

    Task<NodeStatus?> IRenderNodeGrain.GetStatusAsync() =>
        Task.FromResult(record.State.Info is { } info
            ? new NodeStatus(info, record.State.State, load, record.State.RegisteredAt, lastReportAt)
            : null);
}
