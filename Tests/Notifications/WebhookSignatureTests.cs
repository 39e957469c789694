using System.Security.Cryptography;
using System.Text;
using RenderFarm.Client.Notifications;
using RenderFarm.Notifications;

namespace RenderFarm.Tests.Notifications;

/// <summary>The farm's signing and the receiver's check agree, and each way a delivery can be wrong is named.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "a-webhook-secret-of-some-length";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"deliveryId":"d1","event":"completed"}""");

    private static string Sign(DateTimeOffset at, byte[] body, string secret = Secret) =>
        WebhookSigner.Header(secret, at.ToUnixTimeSeconds(), body);

    [Fact]
    public void A_delivery_signed_by_the_farm_verifies()
    {
        var verdict = WebhookSignature.Verify(Secret, Sign(Now, Body), Body, Now.AddSeconds(3));

        Assert.True(verdict.Valid, verdict.ToString());
        Assert.Equal(Now, verdict.SignedAt);
    }

    [Fact]
    public void The_signature_is_the_hex_HMAC_SHA256_of_the_timestamp_a_dot_and_the_body()
    {
        var t = Now.ToUnixTimeSeconds();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), (byte[])[.. Encoding.UTF8.GetBytes($"{t}."), .. Body]));

        Assert.Equal($"t={t},v1={expected}", Sign(Now, Body));
    }

    [Fact]
    public void A_forged_body_fails_as_a_bad_signature()
    {
        var forged = Encoding.UTF8.GetBytes("""{"deliveryId":"d1","event":"failed"}""");

        var verdict = WebhookSignature.Verify(Secret, Sign(Now, Body), forged, Now);

        Assert.Equal(WebhookSignatureFailure.BadSignature, verdict.Failure);
    }

    [Fact]
    public void A_wrong_secret_fails_as_a_bad_signature()
    {
        var verdict = WebhookSignature.Verify(Secret, Sign(Now, Body, "another-secret-entirely"), Body, Now);

        Assert.Equal(WebhookSignatureFailure.BadSignature, verdict.Failure);
    }

    [Fact]
    public void A_new_timestamp_on_an_old_signature_fails_as_a_bad_signature()
    {
        var old = Sign(Now.AddHours(-1), Body);
        var restamped = $"t={Now.ToUnixTimeSeconds()},{old.Split(',')[1]}";

        Assert.Equal(WebhookSignatureFailure.BadSignature, WebhookSignature.Verify(Secret, restamped, Body, Now).Failure);
    }

    [Fact]
    public void A_delivery_played_again_after_the_tolerance_fails_as_outside_it()
    {
        var verdict = WebhookSignature.Verify(Secret, Sign(Now, Body), Body, Now.AddMinutes(6));

        Assert.Equal(WebhookSignatureFailure.OutsideTolerance, verdict.Failure);
        Assert.Contains("the tolerance is 300 s", verdict.Reason);
        Assert.True(WebhookSignature.Verify(Secret, Sign(Now, Body), Body, Now.AddMinutes(6), TimeSpan.FromMinutes(10)).Valid);
    }

    [Theory]
    [InlineData(null, "the RenderFarm-Signature header is missing")]
    [InlineData("", "the RenderFarm-Signature header is missing")]
    [InlineData("v1=00", "it has no t=<unix seconds>")]
    [InlineData("t=1764828000", "it has no v1=<64 lowercase hex digits>")]
    [InlineData("t=1764828000,v1=XYZ", "it has no v1=<64 lowercase hex digits>")]
    public void A_malformed_header_is_named(string? header, string reason)
    {
        var verdict = WebhookSignature.Verify(Secret, header, Body, Now);

        Assert.Equal(WebhookSignatureFailure.MalformedHeader, verdict.Failure);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void A_delivery_id_seen_before_is_a_replay_within_the_tolerance()
    {
        var guard = new WebhookReplayGuard();

        Assert.True(guard.FirstTime("d1", Now));
        Assert.False(guard.FirstTime("d1", Now.AddMinutes(1)));
        Assert.True(guard.FirstTime("d2", Now.AddMinutes(1)));
        // Long after, the id is forgotten: the signature's tolerance refuses such a delivery anyway.
        Assert.True(guard.FirstTime("d1", Now.AddMinutes(11)));
    }
}
