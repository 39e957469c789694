namespace RenderFarm.Scaling;

/// <summary>A machine as its provider reports it: its id there, the node it was launched as, how it was bought, its state.</summary>
/// <param name="Instance">The price catalogue key it was launched by (its <see cref="MachineTags.Instance"/> tag).</param>
public sealed record ProviderMachine(string MachineId, string NodeId, string Instance, ProviderMachineState State, DateTimeOffset? LaunchedAt);

/// <summary>Where a machine is in its provider's life of it.</summary>
public enum ProviderMachineState
{
    /// <summary>Accepted, not yet running (EC2 pending, Compute Engine PROVISIONING/STAGING, Azure Creating).</summary>
    Pending = 0,
    Running = 1,
    /// <summary>Shutting down or being deleted.</summary>
    Stopping = 2,
    /// <summary>Terminated, deleted or stopped for good: it bills no more.</summary>
    Gone = 3,
}
