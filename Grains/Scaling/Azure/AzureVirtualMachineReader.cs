using Azure.ResourceManager.Compute;

namespace RenderFarm.Scaling.Azure;

/// <summary>A virtual machine as Resource Manager answers it, as the farm's <see cref="ProviderMachine"/>.</summary>
internal static class AzureVirtualMachineReader
{
    public static ProviderMachine Read(VirtualMachineData vm)
    {
        var power = AzureMachineStates.PowerState(vm.InstanceView?.Statuses.Select(s => s.Code) ?? []);
        return new ProviderMachine(
            vm.Name,
            vm.Tags.TryGetValue(MachineTags.Node, out var node) ? node : vm.Name,
            vm.Tags.TryGetValue(MachineTags.Instance, out var instance) ? instance : "",
            AzureMachineStates.Of(vm.ProvisioningState, power),
            vm.TimeCreated);
    }

    public static bool BelongsTo(VirtualMachineData vm, string farm) =>
        vm.Tags.TryGetValue(MachineTags.Farm, out var tagged) && string.Equals(tagged, farm, StringComparison.Ordinal);
}
