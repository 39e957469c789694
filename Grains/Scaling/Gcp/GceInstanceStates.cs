namespace RenderFarm.Scaling.Gcp;

/// <summary>A Compute Engine instance's status as the farm's machine state.</summary>
public static class GceInstanceStates
{
    public static ProviderMachineState Of(string? status) => status switch
    {
        "PROVISIONING" or "STAGING" => ProviderMachineState.Pending,
        "RUNNING" => ProviderMachineState.Running,
        "STOPPING" or "SUSPENDING" => ProviderMachineState.Stopping,
        "TERMINATED" or "SUSPENDED" => ProviderMachineState.Gone,
        // An unknown status bills until told otherwise.
        _ => ProviderMachineState.Pending,
    };
}
