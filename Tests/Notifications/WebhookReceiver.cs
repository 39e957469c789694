using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using RenderFarm.Client.Notifications;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Notifications;

/// <summary>A webhook receiver on loopback that keeps every request as it came and answers 500 to the first tries of a path when told to.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly RestartableLoopbackServer server;
    private readonly ConcurrentDictionary<string, int> failFirst = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Received> requests = new();

    public WebhookReceiver() => server = new RestartableLoopbackServer("webhook receiver", HandleAsync);

    /// <summary>One request as received: its path, the farm's headers, the raw body and when it arrived.</summary>
    public sealed record Received(string Path, string? Delivery, string? Event, string? Signature, byte[] Body, DateTimeOffset At, int Answer);

    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    /// <summary>The address of a path of its own, whose first <paramref name="failures"/> requests are answered 500.</summary>
    public Uri Hook(string path, int failures = 0)
    {
        failFirst[path] = failures;
        return new Uri($"http://127.0.0.1:{server.Port}{path}");
    }

    public IReadOnlyList<Received> At(string path) => requests.Where(r => r.Path == path).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var path = context.Request.Path.Value ?? "";
        int answer;
        lock (requests)
        {
            answer = requests.Count(r => r.Path == path) < failFirst.GetValueOrDefault(path) ? 500 : 200;
            requests.Enqueue(new Received(path, context.Request.Headers[WebhookSignature.DeliveryHeader], context.Request.Headers[WebhookSignature.EventHeader],
                context.Request.Headers[WebhookSignature.SignatureHeader], body.ToArray(), DateTimeOffset.UtcNow, answer));
        }
        context.Response.StatusCode = answer;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
