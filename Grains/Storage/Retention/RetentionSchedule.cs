using Microsoft.Extensions.Logging;
using RenderFarm.Media;

namespace RenderFarm.Storage.Retention;

/// <summary>Each silo, once active, makes sure the purge's reminder runs with the period its settings say.</summary>
public sealed class RetentionSchedule(IGrainFactory grains, ILogger<RetentionSchedule> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RetentionSchedule), ServiceLifecycleStage.Active, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IRetentionGrain>(0).EnsureScheduledAsync().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next silo to start schedules it; a reminder already registered runs meanwhile.
            logger.LogWarning("The media store's purge was not scheduled from this silo: {Error}", e.Message);
        }
    }
}
