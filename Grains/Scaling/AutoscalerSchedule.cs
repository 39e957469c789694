using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling;

/// <summary>Each silo, once active, makes sure the autoscaler of every pool it is configured for runs (its reminder survives the silo).</summary>
public sealed class AutoscalerSchedule(IGrainFactory grains, IOptions<AutoscalerOptions> options, ILogger<AutoscalerSchedule> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AutoscalerSchedule), ServiceLifecycleStage.Active, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return;
        foreach (var pool in options.Value.Pools)
        {
            try
            {
                await grains.GetGrain<IAutoscalerGrain>(pool).EnsureRunningAsync().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its reminder, if one silo registered it, runs it anyway; the next silo to start tries again.
                logger.LogWarning("The autoscaler of pool {Pool} was not started from this silo: {Error}", pool, e.Message);
            }
        }
    }
}
