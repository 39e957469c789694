using System.Threading.Channels;
using RenderFarm.Dashboard.SignIn;

namespace RenderFarm.Dashboard.Live;

/// <summary>
/// A page with its live connection open: who reads it, what it follows, and its queue of updates,
/// bounded so that a page that stops reading loses its oldest updates instead of growing the dashboard.
/// </summary>
public sealed class OpenPage(DashboardUser user, LiveTopics topics, int queueLength)
{
    private readonly Channel<PageEvent> queue = Channel.CreateBounded<PageEvent>(
        new BoundedChannelOptions(queueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public DashboardUser User { get; } = user;
    public LiveTopics Topics { get; } = topics;
    public ChannelReader<PageEvent> Updates => queue.Reader;

    public void Push(PageEvent update) => queue.Writer.TryWrite(update);
}
