using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace RenderFarm.Scaling.Local;

/// <summary>
/// Silo processes on this machine standing for machines: each started with its boot settings and ports
/// of its own, its state file, log and work folder under the state folder; stopped politely (SIGTERM),
/// then killed if it has not exited in time.
/// </summary>
public sealed class LocalSiloProcesses(string siloAssembly, string stateFolder, TimeSpan stopTimeout)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Lock gate = new();
    private const int MaxRememberedPorts = 3000;
    private readonly HashSet<int> givenPorts = [];

    public LocalMachineRecord Start(string machineId, string nodeId, BootSettings boot, IReadOnlyDictionary<string, string> tags)
    {
        boot.Validate();
        var folder = Directory.CreateDirectory(Path.Combine(stateFolder, machineId)).FullName;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        info.ArgumentList.Add(siloAssembly);
        // A machine boots with its own settings only: none of this silo's may leak into it.
        foreach (var name in info.Environment.Keys.Where(name => !Inherited(name)).ToList())
            info.Environment.Remove(name);
        foreach (var (name, value) in boot.Environment)
            info.Environment[name] = value;
        // A machine of its own would have these to itself; on one machine each silo needs its own.
        var ports = FreePorts(3);
        info.Environment.TryAdd("Cluster__SiloPort", ports[0]);
        info.Environment.TryAdd("Cluster__GatewayPort", ports[1]);
        info.Environment.TryAdd("Monitoring__Port", ports[2]);
        info.Environment.TryAdd("Monitoring__Address", "127.0.0.1");
        info.Environment.TryAdd("RenderNode__WorkDirectory", Path.Combine(folder, "work"));
        var process = Process.Start(info) ?? throw new ProviderException("local", ProviderErrorReason.Unavailable, $"the silo of {nodeId} did not start");
        var log = new StreamWriter(Path.Combine(folder, "silo.log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => log.Dispose();
        var machine = new LocalMachineRecord(machineId, nodeId, process.Id, process.StartTime.ToUniversalTime(), DateTimeOffset.UtcNow, tags);
        lock (gate)
            File.WriteAllText(StateFile(machineId), JsonSerializer.Serialize(machine, Json));
        return machine;
    }

    /// <summary>The machines whose state files are here; those whose process has exited are forgotten.</summary>
    public IReadOnlyList<(LocalMachineRecord Machine, bool Running)> List()
    {
        var machines = new List<(LocalMachineRecord, bool)>();
        if (!Directory.Exists(stateFolder))
            return machines;
        lock (gate)
        {
            foreach (var file in Directory.EnumerateFiles(stateFolder, "*.json"))
            {
                var machine = JsonSerializer.Deserialize<LocalMachineRecord>(File.ReadAllText(file))!;
                var running = IsRunning(machine);
                if (!running)
                    File.Delete(file);
                machines.Add((machine, running));
            }
        }
        return machines;
    }

    /// <summary>Sends the silo SIGTERM and kills it if it is still there after the stop timeout; a machine not here is no error.</summary>
    public void Stop(string machineId)
    {
        LocalMachineRecord? machine;
        lock (gate)
        {
            var file = StateFile(machineId);
            machine = File.Exists(file) ? JsonSerializer.Deserialize<LocalMachineRecord>(File.ReadAllText(file)) : null;
        }
        if (machine is null || !IsRunning(machine))
            return;
        PosixSignals.Terminate(machine.ProcessId);
        _ = KillIfStillRunningAsync(machine);
    }

    private async Task KillIfStillRunningAsync(LocalMachineRecord machine)
    {
        try
        {
            using var process = Process.GetProcessById(machine.ProcessId);
            using var timeout = new CancellationTokenSource(stopTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            if (IsRunning(machine))
                Process.GetProcessById(machine.ProcessId).Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // It has exited already.
        }
    }

    private static bool IsRunning(LocalMachineRecord machine)
    {
        try
        {
            using var process = Process.GetProcessById(machine.ProcessId);
            return !process.HasExited && Math.Abs((process.StartTime.ToUniversalTime() - machine.ProcessStartedAt).TotalSeconds) < 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What any process of this machine needs to run dotnet at all.</summary>
    private static bool Inherited(string name) =>
        name is "PATH" or "HOME" or "USER" or "LANG" or "LC_ALL" or "TMPDIR" or "TZ" || name.StartsWith("DOTNET_", StringComparison.Ordinal) || name.StartsWith("NUGET_", StringComparison.Ordinal);

    private string StateFile(string machineId) => Path.Combine(stateFolder, machineId + ".json");

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        try
        {
            log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            // The process has exited and its log is closed.
        }
    }

    /// <summary>
    /// Ports free now, distinct, and not given to an earlier machine of these: the system may hand out
    /// a port again once its listener closes, before the silo it was meant for has bound it.
    /// </summary>
    private string[] FreePorts(int count)
    {
        var ports = new List<int>();
        while (ports.Count < count)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (gate)
            {
                // Ports given long ago are bound by their silos or free again; the memory stays small.
                if (givenPorts.Count >= MaxRememberedPorts)
                    givenPorts.Clear();
                if (givenPorts.Add(port))
                    ports.Add(port);
            }
        }
        return ports.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
