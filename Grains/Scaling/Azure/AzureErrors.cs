using System.Globalization;
using System.Net.Sockets;
using Azure;
using Azure.Identity;
using Microsoft.Identity.Client;

namespace RenderFarm.Scaling.Azure;

/// <summary>
/// What an Azure refusal means to the autoscaler. Resource Manager names the cause in
/// <c>error.code</c> (SkuNotAvailable, QuotaExceeded …), which the SDK keeps as
/// <see cref="RequestFailedException.ErrorCode"/>; a long-running operation that failed is answered 200
/// with its error, so a known code decides before the status.
/// </summary>
public static class AzureErrors
{
    public const string Provider = "azure";

    private static readonly HashSet<string> CapacityCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "SkuNotAvailable", "ZonalAllocationFailed", "AllocationFailed", "OverconstrainedAllocationRequest",
        "OverconstrainedZonalAllocationRequest", "SpotAllocationFailed",
    };

    private static readonly HashSet<string> QuotaCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "QuotaExceeded", "LowPriorityQuotaExceeded", "SpotQuotaExceeded", "ResourceQuotaExceeded",
    };

    private static readonly HashSet<string> ThrottledCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "TooManyRequests", "SubscriptionRequestsThrottled", "TenantRequestsThrottled",
    };

    private static readonly HashSet<string> AuthCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "AuthenticationFailed", "AuthorizationFailed", "InvalidAuthenticationToken", "InvalidAuthenticationTokenTenant",
        "ExpiredAuthenticationToken", "LinkedAuthorizationFailed", "InvalidAuthenticationTokenAudience",
    };

    private static readonly HashSet<string> BadRequestCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "InvalidParameter", "BadRequest", "ImageNotFound", "PlatformImageNotFound", "InvalidTemplate",
        "InvalidResourceReference", "NotFound", "ResourceGroupNotFound", "SubscriptionNotFound",
    };

    /// <summary>The reason of a refusal with this HTTP status, Resource Manager code and message.</summary>
    public static ProviderErrorReason Classify(int status, string? code, string? message = null)
    {
        if (code is not null)
        {
            if (CapacityCodes.Contains(code))
                return ProviderErrorReason.Capacity;
            if (QuotaCodes.Contains(code))
                return ProviderErrorReason.Quota;
            // Resource Manager refuses a launch past the vCPU quota as OperationNotAllowed, naming the quota.
            if (code.Equals("OperationNotAllowed", StringComparison.OrdinalIgnoreCase))
                return message?.Contains("quota", StringComparison.OrdinalIgnoreCase) == true ? ProviderErrorReason.Quota : ProviderErrorReason.BadRequest;
            if (ThrottledCodes.Contains(code))
                return ProviderErrorReason.Throttled;
            if (AuthCodes.Contains(code))
                return ProviderErrorReason.Auth;
            if (BadRequestCodes.Contains(code))
                return ProviderErrorReason.BadRequest;
        }
        return status switch
        {
            429 => ProviderErrorReason.Throttled,
            401 or 403 => ProviderErrorReason.Auth,
            // No status: the request never got an answer.
            0 or 408 or >= 500 => ProviderErrorReason.Unavailable,
            >= 400 => ProviderErrorReason.BadRequest,
            // A failed long-running operation is answered 200 and may name no known code.
            _ => ProviderErrorReason.Unavailable,
        };
    }

    /// <summary>A failure of an SDK call or of reaching Azure, or null to let the exception go as it is.</summary>
    public static ProviderException? Translate(Exception e, string what, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        ProviderException => null,
        CredentialUnavailableException none => new ProviderException(Provider, ProviderErrorReason.Auth,
            $"{what}: no Azure credential is available ({none.Message}); configure {AzureProviderOptions.SectionName}:{nameof(AzureProviderOptions.TenantId)}, {nameof(AzureProviderOptions.ClientId)} and {nameof(AzureProviderOptions.ClientSecret)}",
            "CredentialUnavailable", none),
        AuthenticationFailedException auth => FromAuthentication(auth, what),
        RequestFailedException { Status: 0 } failed => Unreachable(failed, what),
        RequestFailedException failed => FromResponse(failed, what),
        HttpRequestException or HttpIOException or IOException { InnerException: SocketException } => Unreachable(e, what),
        OperationCanceledException or TimeoutException =>
            new ProviderException(Provider, ProviderErrorReason.Unavailable, $"{what}: no answer in time", "timeout", e),
        _ => null,
    };

    private static ProviderException FromResponse(RequestFailedException e, string what)
    {
        var reason = Classify(e.Status, e.ErrorCode, e.Message);
        var code = e.ErrorCode ?? e.Status.ToString(CultureInfo.InvariantCulture);
        return new ProviderException(Provider, reason, $"{what}: Azure answered {e.Status} {code}: {FirstLine(e.Message)}", code, e);
    }

    private static ProviderException Unreachable(Exception e, string what) =>
        new(Provider, ProviderErrorReason.Unavailable, $"{what}: Azure cannot be reached: {FirstLine(e.Message)}",
            (e as HttpRequestException ?? e.InnerException as HttpRequestException)?.HttpRequestError.ToString() ?? "unreachable", e);

    private static ProviderException FromAuthentication(AuthenticationFailedException e, string what)
    {
        var service = Find<MsalServiceException>(e);
        // A token endpoint that is down or cannot be reached is not a wrong credential.
        if (service is { StatusCode: >= 500 or 408 or 429 } || (service is null && (Find<HttpRequestException>(e) is not null || Find<SocketException>(e) is not null || Find<RequestFailedException>(e) is { Status: 0 })))
            return new ProviderException(Provider, ProviderErrorReason.Unavailable, $"{what}: Microsoft Entra ID cannot hand out a token now: {FirstLine(e.Message)}", service?.ErrorCode ?? "tokenUnavailable", e);
        return new ProviderException(Provider, ProviderErrorReason.Auth,
            $"{what}: Microsoft Entra ID refused the credential ({service?.ErrorCode ?? "AuthenticationFailed"}); check {AzureProviderOptions.SectionName}:{nameof(AzureProviderOptions.TenantId)}, {nameof(AzureProviderOptions.ClientId)} and {nameof(AzureProviderOptions.ClientSecret)}: {FirstLine(e.Message)}",
            service?.ErrorCode ?? "AuthenticationFailed", e);
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T found)
                return found;
        }
        return null;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
