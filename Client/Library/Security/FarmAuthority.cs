using System.Security.Cryptography.X509Certificates;

namespace RenderFarm.Client.Security;

/// <summary>
/// The farm's certificate authority as the only trust anchor: a peer's certificate counts when it
/// chains to one of these certificates, whatever the system's store trusts. Revocation is not checked
/// (a farm authority publishes no revocation list); a certificate is withdrawn by rotating the authority.
/// </summary>
public sealed class FarmAuthority(X509Certificate2Collection authorities, string setting)
{
    public X509Certificate2Collection Certificates => authorities;

    /// <summary>Null when <paramref name="certificate"/> was issued by the farm's authority; otherwise why not, naming the setting.</summary>
    public string? Refusal(X509Certificate2 certificate, X509Certificate2Collection? presentedChain = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
            chain.ChainPolicy.ExtraStore.AddRange(presentedChain);
        if (chain.Build(certificate))
            return null;
        var problems = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return $"certificate '{certificate.Subject}' (issuer '{certificate.Issuer}') is not issued by the farm's certificate authority in {setting}: {problems}";
    }
}
