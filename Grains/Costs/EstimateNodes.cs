using RenderFarm.Nodes;

namespace RenderFarm.Costs;

/// <summary>Prices a pool's node for an estimate, on demand and on spot, from its own catalogue entry and the catalogue's sibling of it.</summary>
public static class EstimateNodes
{
    private const decimal SecondsPerHour = 3600m;

    public static EstimateNode Of(PoolNode node, PriceCatalogue catalogue, CostModel model)
    {
        var price = node.Capabilities.Price;
        var onDemand = price.Pricing == PricingModel.OnDemand ? price : catalogue.Sibling(price, PricingModel.OnDemand) ?? price;
        var spot = price.Pricing == PricingModel.Spot ? price : catalogue.Sibling(price, PricingModel.Spot);
        return new EstimateNode(node.NodeId, node.Slots, node.Running, model.SlownessOf(node.Capabilities.BenchmarkFps),
            SlotSecond(onDemand, node.Slots), spot is null ? null : SlotSecond(spot, node.Slots));
    }

    /// <summary>What a second of one slot costs, as the node bills it: the machine shared by its render slots and its assembly slot.</summary>
    private static decimal SlotSecond(InstancePrice machine, int renderSlots) =>
        SlotPrice.Of(machine, renderSlots + NodeCapabilities.AssemblySlots).HourlySlotPrice / SecondsPerHour;
}
