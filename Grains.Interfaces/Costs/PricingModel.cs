namespace RenderFarm.Costs;

/// <summary>How a machine is bought: at the list price, or spare capacity that the provider may reclaim.</summary>
[GenerateSerializer, Alias("RenderFarm.PricingModel")]
public enum PricingModel
{
    OnDemand = 0,
    /// <summary>Spot (AWS, Azure) or preemptible/Spot VMs (Google Cloud): cheaper, and reclaimable at short notice.</summary>
    Spot = 1,
}
