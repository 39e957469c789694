using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Costs;
using RenderFarm.Rendering;
using RenderFarm.Sandbox;

namespace RenderFarm.Nodes;

/// <summary>Finds what this machine offers: cores, memory, a GPU if nvidia-smi names one, a measured encode speed, and whether it renders sandboxed.</summary>
public sealed class NodeCapabilityProbe(FfmpegRunner runner, PriceBook prices, IOptions<SandboxOptions> sandbox, ILogger<NodeCapabilityProbe> logger)
{
    private const int BenchmarkFrames = 60;

    public async Task<NodeCapabilities> ProbeAsync(RenderNodeOptions options, CancellationToken cancellationToken) => new()
    {
        Cores = Environment.ProcessorCount,
        MemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        Gpu = await GpuNameAsync(cancellationToken),
        RenderSlots = options.RenderSlots,
        ThreadsPerSlot = options.ThreadsPerSlot,
        BenchmarkFps = options.MeasureBenchmarkAtStart ? await BenchmarkAsync(options.WorkDirectory, cancellationToken) : 0,
        Price = prices.ThisNode,
        Sandbox = sandbox.Value.State,
    };

    /// <summary>Frames per second of a fixed 720p x264 encode: comparable between nodes, not a promise.</summary>
    private async Task<double> BenchmarkAsync(string workDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var output = Path.Combine(workDirectory, $"benchmark-{Guid.NewGuid():N}.mp4");
        var command = new FfmpegCommand(
            GlobalOptions: [],
            Inputs: [new FfmpegInput($"testsrc2=s=1280x720:r=30:d={BenchmarkFrames / 30}", ["-f", "lavfi"])],
            FilterGraph: null,
            OutputOptions: ["-c:v", "libx264", "-preset", "fast", "-f", "mp4"],
            OutputPath: output);
        var clock = Stopwatch.StartNew();
        try
        {
            await runner.RunAsync(command, framesEncoded: null, cancellationToken);
            return Math.Round(BenchmarkFrames / clock.Elapsed.TotalSeconds, 1);
        }
        catch (FfmpegFailedException e)
        {
            logger.LogWarning("Benchmark encode failed, reporting 0 fps: {Error}", e.StandardErrorTail);
            return 0;
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<string?> GpuNameAsync(CancellationToken cancellationToken)
    {
        const string tool = "/usr/bin/nvidia-smi";
        if (!File.Exists(tool))
            return null;
        var info = new ProcessStartInfo(tool, "--query-gpu=name --format=csv,noheader") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info);
        if (process is null)
            return null;
        var name = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 && name.Trim().Length > 0 ? name.Trim().Split('\n')[0] : null;
    }
}
