using System.Diagnostics;
using System.Text;

namespace RenderFarm.Tests.Support;

/// <summary>
/// tcpdump on the loopback interface for the given ports, written to a pcap file: what a listener on
/// the network would read of the farm's links. Installed by deploy/install-deps.sh; needs root (or CAP_NET_RAW).
/// </summary>
public sealed class LoopbackCapture : IAsyncDisposable
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(10);
    private readonly Process process;
    private readonly string file;

    private LoopbackCapture(Process process, string file)
    {
        this.process = process;
        this.file = file;
    }

    public static async Task<LoopbackCapture> StartAsync(string file, IEnumerable<int> ports)
    {
        var filter = string.Join(" or ", ports.Distinct().Select(p => $"tcp port {p}"));
        var info = new ProcessStartInfo("tcpdump") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-i", "lo", "-U", "-s", "0", "-n", "-w", file, filter })
            info.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("tcpdump did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("tcpdump is not installed: run deploy/install-deps.sh", e);
        }
        // tcpdump says "listening on lo" once it captures.
        var ready = new TaskCompletionSource();
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (errors)
                errors.AppendLine(e.Data);
            if (e.Data.Contains("listening on", StringComparison.Ordinal))
                ready.TrySetResult();
        };
        process.BeginErrorReadLine();
        var done = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(ReadyLimit));
        if (done != ready.Task)
        {
            if (!process.HasExited)
                process.Kill();
            lock (errors)
                throw new InvalidOperationException($"tcpdump did not start capturing on lo within {ReadyLimit}: {errors}");
        }
        return new LoopbackCapture(process, file);
    }

    /// <summary>Stops the capture (SIGINT, so that tcpdump writes out what it holds) and returns every byte it recorded.</summary>
    public async Task<byte[]> StopAsync()
    {
        using (var signal = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("tcpdump did not stop within 10 s of SIGINT");
        }
        return await File.ReadAllBytesAsync(file);
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            process.Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
