using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using RenderFarm.Dashboard.SignIn;

namespace RenderFarm.Dashboard.Live;

/// <summary>
/// <c>GET /live?topics=…</c>: a signed-in page's server-sent events (<c>job</c>, <c>cluster</c>, and a
/// <c>ping</c> now and then so that a connection gone dead is noticed and closed).
/// </summary>
internal static class LiveEndpoint
{
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapLiveUpdates(this IEndpointRouteBuilder app)
    {
        app.MapGet("/live", (HttpContext context, OpenPages pages, IOptions<DashboardOptions> options, string? topics) =>
        {
            if (LiveTopics.Parse(topics) is not { } wanted)
                return Results.Problem($"topics must list jobs, cluster or job:<id>, separated by commas (was '{topics}')", statusCode: StatusCodes.Status400BadRequest);
            var user = DashboardUser.From(context.User)!;
            var page = new OpenPage(user, wanted, options.Value.PageQueueLength);
            return TypedResults.ServerSentEvents(EventsAsync(pages, page, context.RequestAborted));
        }).RequireAuthorization();
        return app;
    }

    private static async IAsyncEnumerable<SseItem<object>> EventsAsync(OpenPages pages, OpenPage page, [EnumeratorCancellation] CancellationToken closed)
    {
        using var open = pages.Open(page);
        yield return new SseItem<object>("", "ready");
        while (!closed.IsCancellationRequested)
        {
            PageEvent? next = null;
            using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(closed))
            {
                quiet.CancelAfter(PingEvery);
                try
                {
                    next = await page.Updates.ReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!closed.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
            yield return next is null ? new SseItem<object>("", "ping") : new SseItem<object>(next.Data, next.Kind);
        }
    }
}
