using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Nodes;
using RenderFarm.Sandbox;

namespace RenderFarm.Hosting;

/// <summary>
/// Points FFMpegCore (every ffprobe of the process: assets at validation, rendered files when verified)
/// at the sandboxed ffprobe before the silo takes calls. FFMpegCore's options are the process's, so the
/// script stays in place after the silo stops: any later probe of the process still finds it.
/// </summary>
internal sealed class ProbeSandboxLifecycle(IOptions<SandboxOptions> sandbox, IOptions<RenderNodeOptions> node, ILogger<ProbeSandboxLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ProbeSandboxLifecycle), ServiceLifecycleStage.RuntimeInitialize, Start);

    private Task Start(CancellationToken cancellationToken)
    {
        var options = sandbox.Value;
        if (options.Enabled != true)
        {
            logger.Log(options.Enabled == false ? LogLevel.Warning : LogLevel.Information,
                "ffmpeg and ffprobe run unsandboxed ({State})", options.Enabled == false ? "Sandbox:Enabled=false" : "not a farm silo");
            return Task.CompletedTask;
        }
        var folder = ProbeSandbox.WriteWrapper(options, Path.Combine(node.Value.WorkDirectory, "sandbox"));
        GlobalFFOptions.Configure(ffOptions => ffOptions.BinaryFolder = folder);
        logger.LogInformation("ffmpeg and ffprobe run in the sandbox: {Cpu} CPU s, {Memory} bytes of memory, {Output} bytes of output, {WallClock} a run",
            options.CpuSeconds, options.MemoryBytes, options.OutputBytes, options.WallClock);
        return Task.CompletedTask;
    }
}
