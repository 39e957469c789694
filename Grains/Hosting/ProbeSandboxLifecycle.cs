using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Sandbox;

namespace RenderFarm.Hosting;

/// <summary>
/// Points FFMpegCore (every ffprobe of the process: assets at validation, rendered files when verified)
/// at the sandboxed ffprobe before the silo takes calls, and back once the last sandboxed silo of the
/// process has stopped: FFMpegCore's options belong to the whole process, not to one silo.
/// </summary>
internal sealed class ProbeSandboxLifecycle(IOptions<SandboxOptions> sandbox, ILogger<ProbeSandboxLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Lock Gate = new();
    private static int sandboxedSilos;
    private static string? folderBefore;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ProbeSandboxLifecycle), ServiceLifecycleStage.RuntimeInitialize, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        var options = sandbox.Value;
        if (options.Enabled != true)
        {
            logger.Log(options.Enabled == false ? LogLevel.Warning : LogLevel.Information,
                "ffmpeg and ffprobe run unsandboxed ({Reason})", options.Enabled == false ? "Sandbox:Enabled=false" : "not a farm silo");
            return Task.CompletedTask;
        }
        var folder = ProbeSandbox.WriteWrapper(options, Path.Combine(Path.GetTempPath(), "renderfarm-sandbox"));
        lock (Gate)
        {
            if (sandboxedSilos++ == 0)
                folderBefore = GlobalFFOptions.Current.BinaryFolder;
            GlobalFFOptions.Configure(ffOptions => ffOptions.BinaryFolder = folder);
        }
        logger.LogInformation("ffmpeg and ffprobe run in the sandbox: {Cpu} CPU s, {Memory} bytes of memory, {Output} bytes of output, {WallClock} a run",
            options.CpuSeconds, options.MemoryBytes, options.OutputBytes, options.WallClock);
        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken cancellationToken)
    {
        if (sandbox.Value.Enabled != true)
            return Task.CompletedTask;
        lock (Gate)
        {
            if (--sandboxedSilos == 0)
                GlobalFFOptions.Configure(ffOptions => ffOptions.BinaryFolder = folderBefore ?? "");
        }
        return Task.CompletedTask;
    }
}
