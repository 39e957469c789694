using Microsoft.Extensions.Options;
using RenderFarm.Client;

namespace RenderFarm.Dashboard.Live;

/// <summary>
/// Follows the pool's job activity stream once, as the dashboard's feed key (an operator's), and hands
/// each change to the open pages; a lost subscription (the farm restarting) is taken up again.
/// </summary>
internal sealed class JobActivityFeed(IRenderFarm farm, OpenPages pages, IOptions<DashboardOptions> options, ILogger<JobActivityFeed> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ReadFeedKey() is not { } key)
        {
            logger.LogWarning("{Setting} is not set: pages are not updated live; set it to an operator's API key", $"{DashboardOptions.Section}:{nameof(DashboardOptions.FeedApiKey)}");
            return;
        }
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (FarmCaller.ActAs(key))
                {
                    await foreach (var job in farm.WatchPoolJobsAsync(stoppingToken))
                    {
                        pages.JobChanged(job);
                        retry = FirstRetry;
                    }
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: the client may be gone before the subscription is.
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Following the pool's job activity stopped ({Error}); trying again in {Delay}", e.Message, retry);
                await Task.Delay(retry, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }
}
