using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace RenderFarm.Nodes;

/// <summary>
/// Places a grain keyed by a silo's address (<see cref="SiloAddress.ToParsableString"/>) on that silo, and
/// nowhere else: what it serves lives on that machine. A silo that is not in the cluster any more is refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.SiloKeyPlacement")]
public sealed class SiloKeyPlacement : PlacementStrategy
{
    public static readonly SiloKeyPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloKeyPlacementAttribute() : PlacementAttribute(SiloKeyPlacement.Instance);

public sealed class SiloKeyPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var silo = SiloAddress.FromParsableString(key);
        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new SiloUnavailableException($"silo {key} is not in the cluster: what it kept went with it");
    }
}
