using RenderFarm.Costs;

namespace RenderFarm.Scaling;

/// <summary>An offer the autoscaler may launch now (none waits out a refusal): its catalogue entry, the slots a machine of it brings, how often a machine of it is expected to be reclaimed.</summary>
/// <param name="ReclaimsPerHour">Expected reclaims per machine-hour: 0 for on-demand.</param>
public sealed record OfferTerms(InstancePrice Offer, int Slots, double ReclaimsPerHour)
{
    public bool Spot => Offer.Pricing == PricingModel.Spot;
}
