using RenderFarm.Scaling;
using RenderFarm.Scaling.Gcp;

namespace RenderFarm.Tests.Scaling.Gcp;

public sealed class GceErrorsTests
{
    [Theory]
    [InlineData(403, "rateLimitExceeded", ProviderErrorReason.Throttled)]
    [InlineData(503, "ZONE_RESOURCE_POOL_EXHAUSTED", ProviderErrorReason.Capacity)]
    [InlineData(403, "QUOTA_EXCEEDED", ProviderErrorReason.Quota)]
    [InlineData(429, "RESOURCE_EXHAUSTED", ProviderErrorReason.Throttled)]
    [InlineData(401, "authError", ProviderErrorReason.Auth)]
    [InlineData(409, "alreadyExists", ProviderErrorReason.BadRequest)]
    [InlineData(408, "", ProviderErrorReason.Unavailable)]
    [InlineData(502, "", ProviderErrorReason.Unavailable)]
    public void A_known_code_decides_before_the_status(int status, string code, ProviderErrorReason reason)
    {
        Assert.Equal(reason, GceErrors.Classify(status, code.Length == 0 ? [] : [code]));
    }

    [Fact]
    public void An_answer_that_is_not_google_s_error_json_still_maps_by_its_status()
    {
        var e = GceErrors.FromHttp(502, "<html>Bad Gateway</html>", "listing farm a");

        Assert.Equal(ProviderErrorReason.Unavailable, e.Reason);
        Assert.Equal("502", e.Code);
        Assert.Contains("Bad Gateway", e.Message);
    }
}
