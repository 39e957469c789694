using System.Security.Cryptography;
using System.Text;

namespace RenderFarm.Notifications;

/// <summary>
/// The <c>RenderFarm-Signature</c> of a webhook delivery: <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where hex
/// is the lowercase HMAC-SHA256, keyed with the target's secret, of <c>"&lt;t&gt;." + body</c>. Signing the time
/// with the body lets a receiver refuse an old delivery played again.
/// </summary>
public static class WebhookSigner
{
    public const string Scheme = "v1";

    public static string Header(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds},{Scheme}={Convert.ToHexStringLower(Mac(secret, unixSeconds, body))}";

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{unixSeconds}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
