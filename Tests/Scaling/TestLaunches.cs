using RenderFarm.Costs;
using RenderFarm.Scaling;

namespace RenderFarm.Tests.Scaling;

/// <summary>A launch as the autoscaler makes it, for the providers' tests: the node's settings, a package, the farm's tags.</summary>
public static class TestLaunches
{
    public static MachineLaunch For(string farm, string pool, string nodeId, InstancePrice instance) => new(
        nodeId,
        instance,
        new BootSettings(
            new Dictionary<string, string>
            {
                ["RenderNode__NodeId"] = nodeId,
                ["Costs__Instance"] = instance.Key,
                ["Cluster__Database"] = "Host=db.internal;Database=farm",
            },
            "https://releases.example.org/renderfarm-silo.tar.gz"),
        MachineTags.For(farm, pool, nodeId, instance.Key));
}
