using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Nodes;

namespace RenderFarm.Scaling.Reclaim;

/// <summary>
/// On a spot or preemptible node, looks for its provider's reclaim notice; on notice the node drains:
/// it takes no new work and its running chunks carry on, so that those that finish before the machine
/// goes are committed, and the job renders the rest elsewhere once the machine is gone.
/// </summary>
public sealed class ReclaimWatcher(
    IGrainFactory grains,
    LocalRenderNode node,
    LocalNodeStatus status,
    IOptions<ReclaimOptions> options,
    TimeProvider clock,
    ILogger<ReclaimWatcher> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReclaimWatcher), ServiceLifecycleStage.Active + 1, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider is not null)
            loop = WatchAsync(stopping.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (loop is not null)
            await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var reader = new ReclaimNoticeReader(http, options.Value, clock);
        using var timer = new PeriodicTimer(options.Value.PollPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                ReclaimNotice? notice;
                try
                {
                    notice = await reader.ReadAsync(cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    logger.LogDebug("Reclaim notice not read: {Error}", e.Message);
                    continue;
                }
                if (notice is null)
                    continue;
                logger.LogWarning("Node {Node}: its provider reclaims the machine by {By:O} ({Detail}); it takes no new work, what runs finishes if it can", node.NodeId, notice.ReclaimedBy, notice.Detail);
                status.Draining();
                await grains.GetGrain<IRenderNodeGrain>(node.NodeId).DrainAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
