using Orleans.Connections.Security;

namespace RenderFarm.Client.Security;

/// <summary>What both silos and clients give Orleans' TLS: their certificate, a certificate required from the other side, and the farm's check of it.</summary>
public static class FarmTlsSettings
{
    public static void Apply(TlsOptions tls, FarmCertificates certificates, FarmTlsOptions options, FarmPeerCheck check)
    {
        tls.LocalCertificate = certificates.Local;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = check.Accepts;
        tls.HandshakeTimeout = options.HandshakeTimeout;
    }
}
