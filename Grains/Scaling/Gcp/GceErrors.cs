using System.Net.Sockets;
using System.Text.Json;
using Google.Apis.Auth.OAuth2.Responses;

namespace RenderFarm.Scaling.Gcp;

/// <summary>
/// What a Compute Engine refusal means to the autoscaler. An HTTP error names its reasons in
/// <c>error.errors[].reason</c> (quotaExceeded, rateLimitExceeded …); a failed operation names its codes in
/// <c>error.errors[].code</c> (ZONE_RESOURCE_POOL_EXHAUSTED, QUOTA_EXCEEDED …) beside <c>httpErrorStatusCode</c>.
/// A known code decides before the status: Compute Engine answers a rate limit with 403, a stockout with 503.
/// </summary>
public static class GceErrors
{
    public const string Provider = "gcp";

    private static readonly HashSet<string> CapacityCodes = new(StringComparer.Ordinal)
    {
        "ZONE_RESOURCE_POOL_EXHAUSTED", "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", "resourceExhausted",
    };

    private static readonly HashSet<string> QuotaCodes = new(StringComparer.Ordinal) { "QUOTA_EXCEEDED", "quotaExceeded" };

    private static readonly HashSet<string> ThrottledCodes = new(StringComparer.Ordinal) { "rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED" };

    /// <summary>The reason of a refusal with this HTTP status and these Google reasons or codes.</summary>
    public static ProviderErrorReason Classify(int? status, IEnumerable<string> codes)
    {
        var known = codes.ToList();
        // resourceExhausted with 429 is Google's rate limiting, not a zone out of machines.
        if (known.Any(CapacityCodes.Contains) && !(status == 429 && known.Contains("resourceExhausted")))
            return ProviderErrorReason.Capacity;
        if (known.Any(QuotaCodes.Contains))
            return ProviderErrorReason.Quota;
        if (known.Any(ThrottledCodes.Contains))
            return ProviderErrorReason.Throttled;
        return status switch
        {
            429 => ProviderErrorReason.Throttled,
            401 or 403 => ProviderErrorReason.Auth,
            408 or >= 500 or null => ProviderErrorReason.Unavailable,
            _ => ProviderErrorReason.BadRequest,
        };
    }

    /// <summary>An HTTP error answer, from its status and its JSON error body (which may be anything).</summary>
    public static ProviderException FromHttp(int status, string body, string what)
    {
        var (reasons, message) = ReadHttpError(body);
        var reason = Classify(status, reasons);
        var code = Pick(reasons, reason) ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProviderException(Provider, reason, $"{what}: Compute Engine answered {status} {code}: {message ?? "no message"}", code);
    }

    /// <summary>A zone operation that finished with an error.</summary>
    public static ProviderException FromOperation(JsonElement operation, string what)
    {
        int? status = operation.TryGetProperty("httpErrorStatusCode", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null;
        var codes = new List<string>();
        var messages = new List<string>();
        if (operation.TryGetProperty("error", out var error) && error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in errors.EnumerateArray())
            {
                if (Text(item, "code") is { } c)
                    codes.Add(c);
                if (Text(item, "message") is { } m)
                    messages.Add(m);
            }
        }
        var reason = Classify(status, codes);
        var code = Pick(codes, reason) ?? Text(operation, "httpErrorMessage");
        return new ProviderException(Provider, reason,
            $"{what}: the operation failed with {code ?? "an error"}{(status is { } st ? $" ({st})" : "")}: {(messages.Count > 0 ? string.Join("; ", messages) : "no message")}", code);
    }

    /// <summary>A failure to reach Compute Engine or its token endpoint, or null to let the exception go as it is.</summary>
    public static ProviderException? FromTransport(Exception e, string what, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        ProviderException => null,
        TokenResponseException token => FromToken(token, what),
        HttpRequestException or HttpIOException or IOException { InnerException: SocketException } =>
            new ProviderException(Provider, ProviderErrorReason.Unavailable, $"{what}: Compute Engine cannot be reached: {e.Message}", (e as HttpRequestException)?.HttpRequestError.ToString(), e),
        OperationCanceledException or TimeoutException =>
            new ProviderException(Provider, ProviderErrorReason.Unavailable, $"{what}: no answer in time", "timeout", e),
        _ => null,
    };

    private static ProviderException FromToken(TokenResponseException e, string what)
    {
        var status = (int?)e.StatusCode;
        var reason = status is >= 500 or 408 or 429 ? (status == 429 ? ProviderErrorReason.Throttled : ProviderErrorReason.Unavailable) : ProviderErrorReason.Auth;
        var code = e.Error?.Error ?? status?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProviderException(Provider, reason,
            $"{what}: the service account's access token was refused ({code}: {e.Error?.ErrorDescription ?? e.Message}); check {GceProviderOptions.SectionName}:{nameof(GceProviderOptions.ServiceAccountKeyFile)}", code, e);
    }

    private static (List<string> Reasons, string? Message) ReadHttpError(string body)
    {
        var reasons = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
                return (reasons, null);
            if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                reasons.AddRange(errors.EnumerateArray().Select(item => Text(item, "reason")).OfType<string>());
            if (Text(error, "status") is { } grpcStatus)
                reasons.Add(grpcStatus);
            return (reasons, Text(error, "message"));
        }
        catch (JsonException)
        {
            return (reasons, body.Length > 200 ? body[..200] : body);
        }
    }

    // The code that decided the reason, else the first one given.
    private static string? Pick(List<string> codes, ProviderErrorReason reason) =>
        codes.FirstOrDefault(c => reason switch
        {
            ProviderErrorReason.Capacity => CapacityCodes.Contains(c),
            ProviderErrorReason.Quota => QuotaCodes.Contains(c),
            ProviderErrorReason.Throttled => ThrottledCodes.Contains(c),
            _ => false,
        }) ?? codes.FirstOrDefault();

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
