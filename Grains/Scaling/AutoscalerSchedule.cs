using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling;

/// <summary>
/// Each silo, once active and then every <see cref="CheckPeriod"/>, makes sure the autoscaler of every
/// pool it is configured for runs: its reminder brings it back after its silo died, and this brings it
/// back sooner, on whichever silo asks first.
/// </summary>
public sealed class AutoscalerSchedule(IGrainFactory grains, IOptions<AutoscalerOptions> options, ILogger<AutoscalerSchedule> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AutoscalerSchedule), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return;
        await EnsureRunningAsync(cancellationToken);
        loop = KeepRunningAsync(stopping.Token);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (loop is not null)
            await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task KeepRunningAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(CheckPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await EnsureRunningAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    private async Task EnsureRunningAsync(CancellationToken cancellationToken)
    {
        foreach (var pool in options.Value.Pools)
        {
            try
            {
                await grains.GetGrain<IAutoscalerGrain>(pool).EnsureRunningAsync().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its reminder, or the next check from here or another silo, brings it back.
                logger.LogWarning("The autoscaler of pool {Pool} was not started from this silo: {Error}", pool, e.Message);
            }
        }
    }
}
