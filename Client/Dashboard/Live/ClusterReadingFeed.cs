using Microsoft.Extensions.Options;
using RenderFarm.Client;
using RenderFarm.Metrics;

namespace RenderFarm.Dashboard.Live;

/// <summary>
/// Reads the cluster's figures every <see cref="DashboardOptions.ClusterReadingInterval"/> while some
/// page shows them, once for all of them, and pushes each reading; no page watching, no reading.
/// </summary>
internal sealed class ClusterReadingFeed(IRenderFarm farm, OpenPages pages, IOptions<DashboardOptions> options, ILogger<ClusterReadingFeed> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var key = options.Value.ReadFeedKey();
        if (key is null)
            return;
        using var timer = new PeriodicTimer(options.Value.ClusterReadingInterval);
        FarmMetrics? previous = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!pages.AnyWatchCluster)
                {
                    previous = null;
                    continue;
                }
                try
                {
                    using (FarmCaller.ActAs(key))
                        previous = await farm.GetMetricsAsync(previous, stoppingToken);
                    pages.ClusterRead(previous);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("The cluster's figures could not be read now: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
