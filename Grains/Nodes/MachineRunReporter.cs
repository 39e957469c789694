using Microsoft.Extensions.Logging;
using RenderFarm.Costs;

namespace RenderFarm.Nodes;

/// <summary>Tells this node's pool ledger that its machine is up: at registration, with every load report, and as it stops.</summary>
public sealed class MachineRunReporter(IGrainFactory grains, LocalRenderNode node, PriceBook prices, TimeProvider clock, ILogger<MachineRunReporter> logger)
{
    private DateTimeOffset? startedAt;

    public async Task ReportAsync()
    {
        var now = clock.GetUtcNow();
        startedAt ??= now;
        try
        {
            await grains.GetGrain<IAccountLedgerGrain>(AccountKeys.Pool(node.Pool))
                .MachineUpAsync(new MachineRun(node.NodeId, node.Silo.ToParsableString(), prices.ThisNode, startedAt.Value, now));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next report carries the same run further: uptime is never lost, only reported late.
            logger.LogWarning("Node {Node}: its uptime was not reported now: {Error}", node.NodeId, e.Message);
        }
    }
}
