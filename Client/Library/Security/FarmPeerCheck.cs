using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace RenderFarm.Client.Security;

/// <summary>
/// Orleans' check of the other side's certificate on every link: accepted only when the farm's
/// authority issued it, and each refusal logged with its reason (Orleans itself logs only that the
/// handshake failed).
/// </summary>
/// <param name="nodesOnly">
/// The other side must be one of the farm's nodes (a certificate for server authentication, as
/// deploy/tls/make-farm-certs.sh issues nodes): on links between silos, and a client's link to its
/// gateway. A client's certificate (client authentication only) is refused there, so that a client
/// can neither join as a silo nor pose as a gateway.
/// </param>
public sealed class FarmPeerCheck(FarmAuthority authority, bool nodesOnly = false)
{
    public const string LogCategory = "RenderFarm.Security.Tls";

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>Set once the host's logging exists; handshakes before that are refused without a line of ours.</summary>
    public ILogger? Logger { get; set; }

    public bool Accepts(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // The policy errors come from the system's store and the host name; the farm's authority alone decides.
        var presented = chain is null ? null : new X509Certificate2Collection(chain.ChainElements.Select(e => e.Certificate).ToArray());
        var refusal = authority.Refusal(certificate, presented)
                      ?? (nodesOnly && !IsNode(certificate)
                          ? $"certificate '{certificate.Subject}' is not a farm node's (it is not for server authentication): only nodes connect here"
                          : null);
        if (refusal is null)
            return true;
        Logger?.LogWarning("TLS peer refused: {Refusal}", refusal);
        return false;
    }

    private static bool IsNode(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(usage => usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(oid => oid.Value == ServerAuthentication));
}
