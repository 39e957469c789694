using System.Net.Sockets;
using Azure;
using Azure.Identity;
using RenderFarm.Scaling;
using RenderFarm.Scaling.Azure;

namespace RenderFarm.Tests.Scaling.Azure;

public sealed class AzureErrorsTests
{
    [Theory]
    [InlineData(409, "SkuNotAvailable", ProviderErrorReason.Capacity)]
    [InlineData(200, "ZonalAllocationFailed", ProviderErrorReason.Capacity)]
    [InlineData(409, "QuotaExceeded", ProviderErrorReason.Quota)]
    [InlineData(429, "SubscriptionRequestsThrottled", ProviderErrorReason.Throttled)]
    [InlineData(429, null, ProviderErrorReason.Throttled)]
    [InlineData(401, "InvalidAuthenticationToken", ProviderErrorReason.Auth)]
    [InlineData(403, null, ProviderErrorReason.Auth)]
    [InlineData(400, null, ProviderErrorReason.BadRequest)]
    [InlineData(404, "ResourceGroupNotFound", ProviderErrorReason.BadRequest)]
    [InlineData(503, null, ProviderErrorReason.Unavailable)]
    [InlineData(0, null, ProviderErrorReason.Unavailable)]
    public void A_code_decides_before_the_status(int status, string? code, ProviderErrorReason reason)
    {
        Assert.Equal(reason, AzureErrors.Classify(status, code));
    }

    [Fact]
    public void A_vcpu_quota_refused_as_an_operation_not_allowed_is_quota()
    {
        Assert.Equal(ProviderErrorReason.Quota, AzureErrors.Classify(409, "OperationNotAllowed",
            "Operation could not be completed as it results in exceeding approved Total Regional Cores quota."));
        Assert.Equal(ProviderErrorReason.BadRequest, AzureErrors.Classify(409, "OperationNotAllowed", "The operation is not allowed on a deallocated machine."));
    }

    [Fact]
    public void A_request_that_got_no_answer_is_unavailable()
    {
        var e = AzureErrors.Translate(new RequestFailedException("Connection refused (127.0.0.1:1)", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")), "listing", CancellationToken.None);

        Assert.Equal(ProviderErrorReason.Unavailable, e!.Reason);
        Assert.Equal("ConnectionError", e.Code);
    }

    [Fact]
    public void A_token_endpoint_that_cannot_be_reached_is_unavailable_and_a_refused_credential_is_auth()
    {
        var unreachable = AzureErrors.Translate(new AuthenticationFailedException("ClientSecretCredential authentication failed", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))), "listing", CancellationToken.None);
        var refused = AzureErrors.Translate(new AuthenticationFailedException("ClientSecretCredential authentication failed: AADSTS7000215"), "listing", CancellationToken.None);
        var none = AzureErrors.Translate(new CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token"), "listing", CancellationToken.None);

        Assert.Equal(ProviderErrorReason.Unavailable, unreachable!.Reason);
        Assert.Equal(ProviderErrorReason.Auth, refused!.Reason);
        Assert.Equal(ProviderErrorReason.Auth, none!.Reason);
        Assert.Equal("CredentialUnavailable", none.Code);
    }

    [Fact]
    public void The_caller_s_cancellation_and_unknown_exceptions_go_as_they_are()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(AzureErrors.Translate(new OperationCanceledException(cancelled.Token), "listing", cancelled.Token));
        Assert.Null(AzureErrors.Translate(new InvalidOperationException("a bug"), "listing", CancellationToken.None));
        Assert.Equal("timeout", AzureErrors.Translate(new TaskCanceledException("network timeout"), "listing", CancellationToken.None)!.Code);
    }
}
