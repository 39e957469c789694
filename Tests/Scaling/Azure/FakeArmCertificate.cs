using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>
/// The self-signed certificate the fake serves TLS with (localhost and 127.0.0.1), made once per test run, and
/// a handler that trusts it and nothing else: Azure's SDK sends bearer tokens over https only.
/// </summary>
public sealed class FakeArmCertificate : IDisposable
{
    private FakeArmCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    public X509Certificate2 Certificate { get; }

    public string Thumbprint { get; }

    private static readonly Lazy<FakeArmCertificate> Made = new(Create);

    /// <summary>
    /// One certificate for every fake of the test run: making an RSA key takes from a tenth of a second to
    /// seconds on a busy machine, and what a test shows does not depend on the key being its own.
    /// </summary>
    public static FakeArmCertificate Shared => Made.Value;

    public static FakeArmCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel on Linux wants the key in a form it can export: load it back from PKCS#12.
        return new FakeArmCertificate(X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null));
    }

    /// <summary>A handler for the SDK's transport that accepts this certificate, and only it, as the server's.</summary>
    public HttpMessageHandler TrustingHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == Thumbprint,
        },
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>
    /// Writes the certificate (no key) as PEM: a process of its own trusts the fake when this file is its
    /// root store (SSL_CERT_FILE, which .NET reads on Linux), as a machine trusts Azure's real roots.
    /// </summary>
    public void WritePem(string file) => File.WriteAllText(file, Certificate.ExportCertificatePem() + "\n");

    public void Dispose() => Certificate.Dispose();
}
