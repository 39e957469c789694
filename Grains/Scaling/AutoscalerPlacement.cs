using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace RenderFarm.Scaling;

/// <summary>
/// A pool's autoscaler is placed only on silos that scale that pool: the farm's own silos have the
/// autoscaler's settings and the providers' credentials, the machines they launch do not, and an
/// autoscaler activated there could neither launch nor keep its reminder. Each silo names the pools it
/// scales in its silo metadata.
/// </summary>
public static class AutoscalerPlacement
{
    public const string PoolsMetadataKey = "renderfarm.autoscaler.pools";

    /// <summary>Publishes the pools this silo scales and lets the autoscaler's placement read every silo's.</summary>
    public static ISiloBuilder AddAutoscalerPlacement(this ISiloBuilder silo, IConfiguration? configuration)
    {
        var options = configuration?.GetSection(AutoscalerOptions.SectionName).Get<AutoscalerOptions>() ?? new AutoscalerOptions();
        var pools = options.Enabled ? string.Join(',', options.Pools) : "";
        silo.UseSiloMetadata(new Dictionary<string, string> { [PoolsMetadataKey] = pools });
        silo.Services.AddPlacementFilter<ScalingSilosFilter, ScalingSilosDirector>(ServiceLifetime.Singleton);
        return silo;
    }
}

/// <summary>Places the grain, keyed by its pool, on a silo that scales that pool.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScalingSilosOnlyAttribute() : PlacementFilterAttribute(new ScalingSilosFilter());

public sealed class ScalingSilosFilter() : PlacementFilterStrategy(order: 0);

/// <summary>
/// The silos whose metadata lists the grain's pool; all of them when none does (a farm that scales no
/// pool still answers for its autoscalers, which say they are off).
/// </summary>
public sealed class ScalingSilosDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var candidates = silos.ToList();
        var pool = target.GrainIdentity.Key.ToString();
        var scaling = candidates.Where(silo => Scales(silo, pool)).ToList();
        return scaling.Count > 0 ? scaling : candidates;
    }

    private bool Scales(SiloAddress silo, string pool) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(AutoscalerPlacement.PoolsMetadataKey, out var pools)
        && pools.Split(',').Contains(pool, StringComparer.Ordinal);
}
