using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RenderFarm.Scaling.Gcp;

/// <summary>
/// The Compute Engine JSON API of one project and zone, over HTTP with the service account's bearer token:
/// requests, their errors as <see cref="ProviderException"/>, and waiting for a zone operation to finish.
/// </summary>
internal sealed class GceComputeApi(HttpClient http, GceProviderOptions options, GceAccessTokens tokens, TimeProvider time)
{
    /// <summary>A request not answered in this long counts as failed (Unavailable).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly Uri baseUrl = new(options.ComputeBaseUrl.EndsWith('/') ? options.ComputeBaseUrl : options.ComputeBaseUrl + "/");

    /// <summary><c>projects/P/zones/Z/</c> followed by <paramref name="path"/>.</summary>
    public string ZonePath(string path) =>
        $"projects/{Uri.EscapeDataString(options.Project)}/zones/{Uri.EscapeDataString(options.Zone)}/{path}";

    /// <summary>The answer's JSON, or null for a 404 when <paramref name="notFoundIsNull"/>.</summary>
    public async Task<JsonElement?> SendAsync(HttpMethod method, string path, JsonNode? body, string what, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RequestTimeout);
        try
        {
            var token = await tokens.GetAsync(deadline.Token);
            using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
                return null;
            if (!response.IsSuccessStatusCode)
                throw GceErrors.FromHttp((int)response.StatusCode, text, what);
            using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ProviderException(GceErrors.Provider, ProviderErrorReason.Unavailable, $"{what}: Compute Engine answered something that is not JSON ({e.Message})", "malformed", e);
        }
        catch (Exception e) when (GceErrors.FromTransport(e, what, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Asks for the zone operation until it is DONE; one done with an error throws it.</summary>
    public async Task WaitAsync(JsonElement operation, string what, CancellationToken cancellationToken)
    {
        var name = operation.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (name is null)
            throw new ProviderException(GceErrors.Provider, ProviderErrorReason.Unavailable, $"{what}: Compute Engine answered no operation", "malformed");
        using var deadline = new CancellationTokenSource(options.OperationTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var current = operation;
        try
        {
            while (Status(current) != "DONE")
            {
                await Task.Delay(options.OperationPollInterval, time, linked.Token);
                current = (await SendAsync(HttpMethod.Get, ZonePath($"operations/{Uri.EscapeDataString(name)}"), null, what, linked.Token))!.Value;
            }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException(GceErrors.Provider, ProviderErrorReason.Unavailable,
                $"{what}: operation {name} was not done within {options.OperationTimeout} ({GceProviderOptions.SectionName}:{nameof(GceProviderOptions.OperationTimeout)})", "timeout", e);
        }
        if (current.TryGetProperty("error", out _))
            throw GceErrors.FromOperation(current, what);
    }

    private static string? Status(JsonElement operation) =>
        operation.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null;
}
