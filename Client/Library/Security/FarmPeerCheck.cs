using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace RenderFarm.Client.Security;

/// <summary>
/// Orleans' check of the other side's certificate on every link: accepted only when the farm's
/// authority issued it, and each refusal logged with its reason (Orleans itself logs only that the
/// handshake failed).
/// </summary>
public sealed class FarmPeerCheck(FarmAuthority authority)
{
    public const string LogCategory = "RenderFarm.Security.Tls";

    /// <summary>Set once the host's logging exists; handshakes before that are refused without a line of ours.</summary>
    public ILogger? Logger { get; set; }

    public bool Accepts(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // The policy errors come from the system's store and the host name; the farm's authority alone decides.
        var presented = chain is null ? null : new X509Certificate2Collection(chain.ChainElements.Select(e => e.Certificate).ToArray());
        if (authority.Refusal(certificate, presented) is not { } refusal)
            return true;
        Logger?.LogWarning("TLS peer refused: {Refusal}", refusal);
        return false;
    }
}
