using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RenderFarm.Client.Notifications;

/// <summary>
/// Checks a webhook delivery from the farm on the receiving side (docs/notifications.md). The
/// <see cref="SignatureHeader"/> is <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, hex being the lowercase
/// HMAC-SHA256, keyed with the webhook's secret, of the UTF-8 bytes <c>"&lt;t&gt;."</c> followed by the raw body.
/// A delivery is genuine when the signature matches and <c>t</c> is within the tolerance of now; a
/// receiver that also remembers the <see cref="DeliveryHeader"/> ids it has handled
/// (<see cref="WebhookReplayGuard"/>) refuses a genuine one played again within the tolerance.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "RenderFarm-Signature";
    public const string DeliveryHeader = "RenderFarm-Delivery";
    public const string EventHeader = "RenderFarm-Event";

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <param name="secret">The webhook's secret, as given in its notification target.</param>
    /// <param name="header">The value of the <see cref="SignatureHeader"/> header.</param>
    /// <param name="body">The request body exactly as received (before any JSON parsing).</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How far the signing time may be from <paramref name="now"/>; <see cref="DefaultTolerance"/> by default.</param>
    public static WebhookVerification Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!TryParse(header, out var unixSeconds, out var signatures, out var problem))
            return new(WebhookSignatureFailure.MalformedHeader, problem, null);
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var expected = Mac(secret, unixSeconds, body);
        // Every v1 given is compared, each in fixed time.
        var match = false;
        foreach (var signature in signatures)
            match |= CryptographicOperations.FixedTimeEquals(expected, signature);
        if (!match)
            return new(WebhookSignatureFailure.BadSignature, "the signature does not match the body, timestamp and secret", signedAt);
        var limit = tolerance ?? DefaultTolerance;
        var age = now - signedAt;
        if (age.Duration() > limit)
            return new(WebhookSignatureFailure.OutsideTolerance,
                string.Create(CultureInfo.InvariantCulture, $"signed at {signedAt:O}, {age.TotalSeconds:0} s from now; the tolerance is {limit.TotalSeconds:0} s"), signedAt);
        return new(WebhookSignatureFailure.None, "", signedAt);
    }

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryParse(string? header, out long unixSeconds, out List<byte[]> signatures, out string problem)
    {
        unixSeconds = 0;
        signatures = [];
        problem = "";
        if (string.IsNullOrWhiteSpace(header))
        {
            problem = $"the {SignatureHeader} header is missing";
            return false;
        }
        long? time = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            var (key, value) = equals > 0 ? (part[..equals], part[(equals + 1)..]) : (part, "");
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                time = t;
            else if (key == "v1" && value.Length == 64 && value.All(char.IsAsciiHexDigitLower))
                signatures.Add(Convert.FromHexString(value));
        }
        if (time is null)
            problem = "it has no t=<unix seconds>";
        else if (signatures.Count == 0)
            problem = "it has no v1=<64 lowercase hex digits>";
        unixSeconds = time ?? 0;
        return problem.Length == 0;
    }
}
