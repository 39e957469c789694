using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RenderFarm.Client.Security;

/// <summary>This side's certificate with its key, and the farm's authority, read from the files <see cref="FarmTlsOptions"/> names.</summary>
public sealed class FarmCertificates
{
    private FarmCertificates(X509Certificate2 local, FarmAuthority authority)
    {
        Local = local;
        Authority = authority;
    }

    public X509Certificate2 Local { get; }
    public FarmAuthority Authority { get; }

    /// <exception cref="FarmTlsSettingsException">A file cannot be read as what its key says it is; the message names the key.</exception>
    public static FarmCertificates Load(FarmTlsOptions options, string section)
    {
        FarmTlsOptionsValidator.Checked(options, section);
        var local = LoadLocal(options, section);
        X509Certificate2Collection authorities = [];
        try
        {
            authorities.ImportFromPemFile(options.AuthorityFile!);
        }
        catch (CryptographicException e)
        {
            throw new FarmTlsSettingsException($"{section}:{nameof(FarmTlsOptions.AuthorityFile)} ('{options.AuthorityFile}') is not a PEM certificate: {e.Message}", e);
        }
        if (authorities.Count == 0)
            throw new FarmTlsSettingsException($"{section}:{nameof(FarmTlsOptions.AuthorityFile)} ('{options.AuthorityFile}') holds no certificate");
        return new FarmCertificates(local, new FarmAuthority(authorities, $"{section}:{nameof(FarmTlsOptions.AuthorityFile)}"));
    }

    private static X509Certificate2 LoadLocal(FarmTlsOptions options, string section)
    {
        var file = options.CertificateFile!;
        var key = $"{section}:{nameof(FarmTlsOptions.CertificateFile)}";
        try
        {
            var certificate = Path.GetExtension(file).ToLowerInvariant() is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(file, options.KeyPassword)
                : options.KeyPassword is { Length: > 0 } password
                    ? X509Certificate2.CreateFromEncryptedPemFile(file, password, options.KeyFile)
                    : X509Certificate2.CreateFromPemFile(file, options.KeyFile);
            return certificate.HasPrivateKey
                ? certificate
                : throw new FarmTlsSettingsException($"{key} ('{file}') has no private key; give it in the file or in {section}:{nameof(FarmTlsOptions.KeyFile)}");
        }
        catch (CryptographicException e)
        {
            // The message of a wrong password names no password, only that it did not fit.
            throw new FarmTlsSettingsException($"{key} ('{file}') with its key could not be read (a PEM or PKCS#12 file; is {section}:{nameof(FarmTlsOptions.KeyPassword)} right?): {e.Message}", e);
        }
    }
}

/// <summary>A TLS setting names a file that cannot be used; the message names the setting.</summary>
public sealed class FarmTlsSettingsException(string message, Exception? inner = null) : Exception(message, inner);
