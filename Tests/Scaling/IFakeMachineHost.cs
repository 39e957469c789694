using RenderFarm.Scaling;

namespace RenderFarm.Tests.Scaling;

/// <summary>
/// What a provider's fake does with a machine it launched: start what the machine would boot (a real
/// silo process, for the farm tests) and stop it when the machine is terminated. The fakes call it; the
/// settings are what the launch's user data carries (<see cref="CloudInit.Read"/>).
/// </summary>
public interface IFakeMachineHost
{
    Task StartAsync(string machineId, BootSettings boot);

    /// <summary>The machine was terminated: whatever it ran stops.</summary>
    Task StopAsync(string machineId);

    /// <summary>The cloud goes away with its test, passed or failed: every machine still running stops.</summary>
    Task StopAllAsync();
}

/// <summary>Boots nothing: keeps what each launched machine would have booted with.</summary>
public sealed class RecordingMachineHost : IFakeMachineHost
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, BootSettings> running = new(StringComparer.Ordinal);
    private readonly List<string> stopped = [];

    public IReadOnlyDictionary<string, BootSettings> Running
    {
        get
        {
            lock (gate)
                return new Dictionary<string, BootSettings>(running, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<string> Stopped
    {
        get
        {
            lock (gate)
                return stopped.ToList();
        }
    }

    public Task StartAsync(string machineId, BootSettings boot)
    {
        lock (gate)
            running[machineId] = boot;
        return Task.CompletedTask;
    }

    public Task StopAllAsync()
    {
        foreach (var machineId in Running.Keys)
            StopAsync(machineId);
        return Task.CompletedTask;
    }

    public Task StopAsync(string machineId)
    {
        lock (gate)
        {
            if (running.Remove(machineId))
                stopped.Add(machineId);
        }
        return Task.CompletedTask;
    }
}
