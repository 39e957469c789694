using RenderFarm.Scaling;
using RenderFarm.Scaling.Local;
using RenderFarm.Tests.Durable;

namespace RenderFarm.Tests.Scaling;

/// <summary>
/// What a cloud machine would boot, on this machine: a real silo process with the settings its user
/// data carries, which joins the farm and renders; terminated, the process is stopped. Machines of the
/// instance types in <see cref="NeverBoot"/> start nothing, as a machine whose boot failed.
/// </summary>
public sealed class SiloMachineHost(string folder) : IFakeMachineHost
{
    private readonly LocalSiloProcesses processes = new(SiloProcess.SiloAssembly, Directory.CreateDirectory(folder).FullName, TimeSpan.FromSeconds(30));

    /// <summary>Price catalogue keys (the launch's Costs__Instance) whose machines never boot a silo.</summary>
    public HashSet<string> NeverBoot { get; } = new(StringComparer.Ordinal);

    public string Folder => folder;

    public bool AnyRunning => processes.List().Any(m => m.Running);

    public Task StartAsync(string machineId, BootSettings boot)
    {
        if (!NeverBoot.Contains(boot.Environment.GetValueOrDefault("Costs__Instance", "")))
            processes.Start(machineId, boot.Environment["RenderNode__NodeId"], boot, new Dictionary<string, string>());
        return Task.CompletedTask;
    }

    public Task StopAsync(string machineId)
    {
        processes.Stop(machineId);
        return Task.CompletedTask;
    }
}
