using Microsoft.Extensions.Diagnostics.HealthChecks;
using RenderFarm.Nodes;

namespace RenderFarm.Silo.Monitoring;

/// <summary>Ready: the silo is an Active member of the cluster and its render node is registered and not draining.</summary>
internal sealed class SiloReadinessCheck(ILocalSiloDetails silo, IClusterMembershipService membership, LocalNodeStatus node) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        var result = (status, node.Current.State) switch
        {
            (not SiloStatus.Active, _) => HealthCheckResult.Unhealthy($"the silo is {status} in the cluster, not Active"),
            (_, LocalNodeState.Starting) => HealthCheckResult.Unhealthy("the render node is not registered yet"),
            (_, LocalNodeState.Draining) => HealthCheckResult.Unhealthy("the render node is draining"),
            _ => HealthCheckResult.Healthy($"Active, render node ready with {node.Current.Capabilities?.RenderSlots} slot(s)"),
        };
        return Task.FromResult(result);
    }
}
