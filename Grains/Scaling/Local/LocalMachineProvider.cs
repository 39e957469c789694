using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Local;

/// <summary>The machines of a local farm: silo processes on this machine (<see cref="LocalSiloProcesses"/>). No spot prices: its machines are the farm's own.</summary>
public sealed class LocalMachineProvider(IOptions<LocalProviderOptions> options, ILogger<LocalMachineProvider> logger) : IMachineProvider
{
    private readonly LocalSiloProcesses processes = new(options.Value.ResolvedSiloAssembly, options.Value.StateFolder, options.Value.StopTimeout);

    public string Name => "local";

    public Task<ProviderMachine> LaunchAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        var machineId = "local-" + launch.NodeId;
        var machine = processes.Start(machineId, launch.NodeId, launch.Boot, launch.Tags);
        logger.LogInformation("Local machine {Machine}: silo process {Pid} started for node {Node}", machineId, machine.ProcessId, launch.NodeId);
        return Task.FromResult(new ProviderMachine(machineId, launch.NodeId, launch.Instance.Key, ProviderMachineState.Running, machine.LaunchedAt));
    }

    public Task TerminateAsync(string machineId, CancellationToken cancellationToken)
    {
        processes.Stop(machineId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ProviderMachine>> ListAsync(string farm, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderMachine>>(processes.List()
            .Where(m => m.Machine.Farm == farm)
            .Select(m => new ProviderMachine(m.Machine.MachineId, m.Machine.NodeId, m.Machine.Instance, m.Running ? ProviderMachineState.Running : ProviderMachineState.Gone, m.Machine.LaunchedAt))
            .ToList());

    public Task<IReadOnlyList<SpotPriceQuote>> SpotPricesAsync(string region, IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SpotPriceQuote>>([]);
}
