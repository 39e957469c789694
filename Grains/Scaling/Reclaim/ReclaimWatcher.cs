using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Nodes;

namespace RenderFarm.Scaling.Reclaim;

/// <summary>
/// On a spot or preemptible node, looks for its provider's reclaim notice; on notice the node drains:
/// it takes no new work, its running chunks that will finish before the machine goes (less the commit
/// margin) run on, and the others are stopped at a frame boundary with their finished frames committed,
/// so that only the rest of them is rendered elsewhere.
/// </summary>
public sealed class ReclaimWatcher(
    IGrainFactory grains,
    LocalRenderNode node,
    LocalNodeStatus status,
    RenderWorker worker,
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
                logger.LogWarning("Node {Node}: its provider reclaims the machine by {By:O} ({Detail}); it takes no new work", node.NodeId, notice.ReclaimedBy, notice.Detail);
                status.Draining();
                FinishBeforeReclaim(notice);
                await grains.GetGrain<IRenderNodeGrain>(node.NodeId).DrainAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    private void FinishBeforeReclaim(ReclaimNotice notice)
    {
        var deadline = notice.ReclaimedBy - options.Value.CommitMargin;
        foreach (var decision in worker.FinishBefore(deadline))
        {
            if (decision.RunsOn)
                logger.LogInformation("Node {Node}: {Chunk} ({Done}/{Frames} frames) is expected to finish by {End:O}, before {Deadline:O}: it runs on",
                    node.NodeId, decision.Chunk, decision.FramesDone, decision.Frames, decision.ExpectedEnd, deadline);
            else
                logger.LogWarning("Node {Node}: {Chunk} ({Done}/{Frames} frames) would not finish by {Deadline:O} (expected {End}): stopped at a frame boundary, its finished frames are committed and the rest goes back to the queue",
                    node.NodeId, decision.Chunk, decision.FramesDone, decision.Frames, deadline, decision.ExpectedEnd?.ToString("O") ?? "never, no frame yet");
        }
    }
}
