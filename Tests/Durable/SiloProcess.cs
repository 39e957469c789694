using System.Diagnostics;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Durable;

/// <summary>One render node as a real silo process (Silo/, renderfarm-silo), configured through environment variables.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private SiloProcess(string nodeId, Process process, StreamWriter log)
    {
        NodeId = nodeId;
        this.process = process;
        this.log = log;
    }

    public string NodeId { get; }
    public bool HasExited => process.HasExited;

    public static string SiloAssembly
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            var path = Path.Combine(RepositoryPaths.Root, "Silo", "bin", configuration, "net10.0", "renderfarm-silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("the silo is not built (dotnet build Silo)", path);
        }
    }

    public static SiloProcess Start(string nodeId, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(SiloAssembly);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"silo {nodeId} did not start");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(nodeId, process, log);
    }

    /// <summary>kill -9: the process dies at once, without any chance to leave the cluster politely.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an operator or a service manager stops a node: the silo leaves the cluster and exits.</summary>
    public async Task StopAsync(TimeSpan limit)
    {
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"silo {NodeId} did not exit within {limit} of SIGTERM");
        }
    }

    /// <summary>Waits for the process to end on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"silo {NodeId} did not exit within {limit}");
        }
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            await KillAsync();
        process.Dispose();
        await log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }
}
