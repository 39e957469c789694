using Amazon.EC2;
using Amazon.EC2.Model;
using RenderFarm.Costs;

namespace RenderFarm.Scaling.Aws;

/// <summary>An EC2 instance as the autoscaler sees a machine.</summary>
internal static class Ec2InstanceMapping
{
    /// <summary>Every state but terminated, as EC2's instance-state-name filter spells them (it has no negation).</summary>
    public static readonly List<string> ListedStates = ["pending", "running", "shutting-down", "stopping", "stopped"];

    public static ProviderMachine ToMachine(Instance instance, string region, TimeProvider time)
    {
        var tags = (instance.Tags ?? []).Where(t => t.Key is not null).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First().Value ?? "", StringComparer.Ordinal);
        var nodeId = tags.GetValueOrDefault(MachineTags.Node) ?? tags.GetValueOrDefault(Ec2LaunchRequests.NameTag) ?? instance.InstanceId;
        var pricing = instance.InstanceLifecycle == InstanceLifecycleType.Spot ? PricingModel.Spot : PricingModel.OnDemand;
        var key = tags.GetValueOrDefault(MachineTags.Instance)
            ?? InstancePrice.KeyOf(Ec2MachineProvider.ProviderName, region, instance.InstanceType?.Value ?? "unknown", pricing);
        var launchedAt = instance.LaunchTime is { } at ? Utc(at) : time.GetUtcNow();
        return new ProviderMachine(instance.InstanceId, nodeId, key, StateOf(instance.State?.Name?.Value), launchedAt);
    }

    public static ProviderMachineState StateOf(string? name) => name switch
    {
        "pending" => ProviderMachineState.Pending,
        "running" => ProviderMachineState.Running,
        "shutting-down" or "stopping" => ProviderMachineState.Stopping,
        "terminated" or "stopped" => ProviderMachineState.Gone,
        // A state this code does not know yet: the machine exists and may bill.
        _ => ProviderMachineState.Pending,
    };

    /// <summary>The SDK's times are UTC, whatever kind it gives them.</summary>
    public static DateTimeOffset Utc(DateTime value) =>
        new(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
