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

    /// <summary>Settings a machine's silo gets besides its boot settings, by machine id (where its metadata service is, say).</summary>
    public Func<string, IReadOnlyDictionary<string, string>>? MoreSettings { get; set; }

    public bool AnyRunning => processes.List().Any(m => m.Running);

    public Task StartAsync(string machineId, BootSettings boot)
    {
        if (!NeverBoot.Contains(boot.Environment.GetValueOrDefault("Costs__Instance", "")))
        {
            var environment = new Dictionary<string, string>(boot.Environment, StringComparer.Ordinal);
            foreach (var (name, value) in MoreSettings?.Invoke(machineId) ?? new Dictionary<string, string>())
                environment[name] = value;
            processes.Start(machineId, boot.Environment["RenderNode__NodeId"], boot with { Environment = environment }, new Dictionary<string, string>());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(string machineId)
    {
        processes.Stop(machineId);
        return Task.CompletedTask;
    }

    /// <summary>Stops every silo still running and waits for each to exit, killing any that has not within <see cref="StopAllTimeout"/>.</summary>
    public async Task StopAllAsync()
    {
        var running = processes.List().Where(m => m.Running).Select(m => m.Machine).ToList();
        foreach (var machine in running)
            processes.Stop(machine.MachineId);
        using var timeout = new CancellationTokenSource(StopAllTimeout);
        foreach (var machine in running)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(machine.ProcessId);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (ArgumentException)
            {
                // It has exited already.
            }
        }
    }

    private static readonly TimeSpan StopAllTimeout = TimeSpan.FromSeconds(10);
}
