using Microsoft.Extensions.Options;
using RenderFarm.Costs;
using RenderFarm.Scheduling;

namespace RenderFarm.Nodes;

/// <summary>Who this silo is as a render node.</summary>
public sealed class LocalRenderNode(ILocalSiloDetails silo, IOptions<RenderNodeOptions> options, LocalNodeStatus status, PriceBook prices)
{
    public string NodeId { get; } = options.Value.NodeId ?? silo.Name;
    public string Pool => options.Value.Pool;
    public SiloAddress Silo => silo.SiloAddress;

    /// <summary>What this node brings to an attempt: its slot's price, and its measured speed once registered.</summary>
    public AttemptHost Host => status.Current.Capabilities is { } registered
        ? new AttemptHost(registered.SlotPrice, registered.BenchmarkFps, registered.ThreadsPerSlot)
        : new AttemptHost(SlotPrice.Of(prices.ThisNode, options.Value.RenderSlots + NodeCapabilities.AssemblySlots), 0, options.Value.ThreadsPerSlot);
}
