using System.Globalization;
using System.Net.Http.Headers;

namespace RenderFarm.Notifications;

/// <summary>POSTs a delivery's JSON to its webhook, signed with the target's secret and a fresh timestamp on every try.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "RenderFarm.Notifications.Webhooks";
    public const string DeliveryHeader = "RenderFarm-Delivery";
    public const string EventHeader = "RenderFarm-Event";
    public const string SignatureHeader = "RenderFarm-Signature";

    public async Task<DeliveryOutcome> SendAsync(NotificationTarget target, JobNotice notice, string deliveryId, int attempt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var body = NotificationBody.Of(notice, deliveryId, attempt, now).ToUtf8();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Webhook);
        request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
        request.Headers.Add(DeliveryHeader, deliveryId);
        request.Headers.Add(EventHeader, NotificationBody.EventName(notice.Event));
        request.Headers.Add(SignatureHeader, WebhookSigner.Header(target.Secret!, now.ToUnixTimeSeconds(), body));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? DeliveryOutcome.Taken(status) : DeliveryOutcome.NotTaken(status);
        }
        catch (HttpRequestException e)
        {
            return DeliveryOutcome.NotTaken($"not reached: {e.Message}");
        }
    }
}
