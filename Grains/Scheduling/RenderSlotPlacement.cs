using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace RenderFarm.Scheduling;

/// <summary>
/// Places a chunk activation on the silo the scheduler chose for it, passed as the placement hint of
/// the dispatching call. Without a hint (a status query, say) any compatible silo will do.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.RenderSlotPlacement")]
public sealed class RenderSlotPlacement : PlacementStrategy
{
    public static readonly RenderSlotPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RenderSlotPlacementAttribute() : PlacementAttribute(RenderSlotPlacement.Instance);

public sealed class RenderSlotPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var chosen = IPlacementDirector.GetPlacementHint(target.RequestContextData, silos)
                     ?? silos[Random.Shared.Next(silos.Length)];
        return Task.FromResult(chosen);
    }
}
