namespace RenderFarm.Scaling.Azure;

/// <summary>
/// A virtual machine's provisioning state and power state (its instance view's <c>PowerState/…</c> code) as
/// the farm's machine state.
/// </summary>
public static class AzureMachineStates
{
    public static ProviderMachineState Of(string? provisioningState, string? powerState)
    {
        if (string.Equals(provisioningState, "Deleting", StringComparison.OrdinalIgnoreCase))
            return ProviderMachineState.Stopping;
        switch (powerState?.ToLowerInvariant())
        {
            case "running":
                return string.Equals(provisioningState, "Creating", StringComparison.OrdinalIgnoreCase) ? ProviderMachineState.Pending : ProviderMachineState.Running;
            case "stopping" or "deallocating":
                return ProviderMachineState.Stopping;
            // A stopped machine is not started again by the farm: it bills for its disk only, and is done.
            case "stopped" or "deallocated":
                return ProviderMachineState.Gone;
        }
        // Creating, starting, or no instance view yet; an unknown state bills until told otherwise.
        return ProviderMachineState.Pending;
    }

    /// <summary>The power state in an instance view's status codes, e.g. <c>running</c> of <c>PowerState/running</c>.</summary>
    public static string? PowerState(IEnumerable<string?> statusCodes) =>
        statusCodes.Where(c => c?.StartsWith("PowerState/", StringComparison.OrdinalIgnoreCase) == true).Select(c => c!["PowerState/".Length..]).FirstOrDefault();
}
