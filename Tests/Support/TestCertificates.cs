using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RenderFarm.Tests.Support;

/// <summary>One node's or client's certificate as PEM files, with the authority that issued it.</summary>
public sealed record CertificateFiles(string CertificateFile, string KeyFile, string AuthorityFile, string? KeyPassword = null)
{
    /// <summary>The silo's settings for this certificate, in environment form.</summary>
    public Dictionary<string, string> SiloSettings(string prefix = "") => new()
    {
        [prefix + "Tls__CertificateFile"] = CertificateFile,
        [prefix + "Tls__KeyFile"] = KeyFile,
        [prefix + "Tls__AuthorityFile"] = AuthorityFile,
    };

    public void ApplyTo(RenderFarm.Client.Security.FarmTlsOptions tls)
    {
        tls.CertificateFile = CertificateFile;
        tls.KeyFile = KeyFile;
        tls.AuthorityFile = AuthorityFile;
        tls.KeyPassword = KeyPassword;
    }
}

/// <summary>
/// The certificates of a test run, made once: the farm's authority with a node certificate every silo
/// presents and a client certificate, and another farm's authority with the same two, which the farm
/// must refuse. Written as PEM files under the temporary folder, as deploy/tls/make-farm-certs.sh makes them.
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<TestAuthorities> Made = new(() => new TestAuthorities());

    public static CertificateFiles Node => Made.Value.Farm.Node;
    public static CertificateFiles Client => Made.Value.Farm.Client;
    public static CertificateFiles OtherFarmNode => Made.Value.Other.Node;
    public static CertificateFiles OtherFarmClient => Made.Value.Other.Client;

    /// <summary>A node certificate of the farm whose key is encrypted with <paramref name="password"/>.</summary>
    public static CertificateFiles EncryptedNode(string password) => Made.Value.Farm.Issue($"node-{Guid.NewGuid():N}", server: true, password);

    /// <summary>A client certificate of the farm whose key is encrypted with <paramref name="password"/>.</summary>
    public static CertificateFiles EncryptedClient(string password) => Made.Value.Farm.Issue($"client-{Guid.NewGuid():N}", server: false, password);

    private sealed class TestAuthorities
    {
        private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "renderfarm-tests", $"certs-{Guid.NewGuid():N}")).FullName;

        public TestAuthorities()
        {
            Farm = new TestAuthority(Path.Combine(folder, "farm"), "renderfarm test farm CA");
            Other = new TestAuthority(Path.Combine(folder, "other"), "renderfarm other farm CA");
        }

        public TestAuthority Farm { get; }
        public TestAuthority Other { get; }
    }

    private sealed class TestAuthority
    {
        private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
        private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
        private readonly string folder;
        private readonly X509Certificate2 authority;
        private readonly string authorityFile;

        public TestAuthority(string folder, string name)
        {
            this.folder = Directory.CreateDirectory(folder).FullName;
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            authorityFile = Path.Combine(this.folder, "ca.pem");
            File.WriteAllText(authorityFile, authority.ExportCertificatePem());
            Node = Issue("node", server: true);
            Client = Issue("client", server: false);
        }

        public CertificateFiles Node { get; }
        public CertificateFiles Client { get; }

        public CertificateFiles Issue(string name, bool server, string? password = null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(server ? new OidCollection { ServerAuth, ClientAuth } : new OidCollection { ClientAuth }, false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(name);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
            using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
            var certificateFile = Path.Combine(folder, name + ".pem");
            var keyFile = Path.Combine(folder, name + ".key");
            File.WriteAllText(certificateFile, issued.ExportCertificatePem());
            File.WriteAllText(keyFile, password is null
                ? key.ExportPkcs8PrivateKeyPem()
                : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
            return new CertificateFiles(certificateFile, keyFile, authorityFile, password);
        }
    }
}
