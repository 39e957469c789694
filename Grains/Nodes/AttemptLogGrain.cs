using RenderFarm.Chunks;
using RenderFarm.Scheduling;

namespace RenderFarm.Nodes;

/// <summary>Reads this node's attempt logs for a job; placed on the silo its key names (<see cref="SiloKeyPlacement"/>).</summary>
[SiloKeyPlacement]
public sealed class AttemptLogGrain(AttemptLogs logs, LocalRenderNode node) : Grain, IAttemptLogGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        this.GetPrimaryKeyString() == node.Silo.ToParsableString()
            ? Task.CompletedTask
            : throw new InvalidOperationException($"the attempt logs of silo {this.GetPrimaryKeyString()} cannot be read on {node.Silo}");

    async Task<AttemptLog?> IAttemptLogGrain.ReadAsync(WorkKey piece, int attempt, int tailBytes) =>
        await logs.ReadTailAsync(piece, attempt, tailBytes) is { } tail ? new AttemptLog(tail.Text, tail.Truncated, tail.Running, node.NodeId) : null;
}
