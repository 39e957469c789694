using Microsoft.Extensions.Options;

namespace RenderFarm.Client.Security;

/// <summary>
/// Mutual TLS on the farm's links (silo to silo, client to gateway): this side's certificate, and the
/// farm's certificate authority, the only issuer whose certificates the other side may present. On by
/// default in farm mode; off only by the operator's <see cref="Enabled"/> = false. A silo reads the
/// section <c>Tls</c>, a client <c>RenderFarm:Tls</c>. Any key may be given as a file instead
/// (<c>Tls__KeyPassword_FILE=/run/secrets/node-key-password</c>, see <see cref="SecretFiles"/>).
/// </summary>
public sealed class FarmTlsOptions
{
    public const string SiloSectionName = "Tls";
    public const string ClientSectionName = "RenderFarm:Tls";
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>False turns TLS off on this side: a farm of plain TCP links, for a network the operator trusts.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This side's certificate: a PEM file (with its key inside, or in <see cref="KeyFile"/>) or a PKCS#12 (.pfx/.p12) file.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>, when it is not in that file.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The password of an encrypted PEM key or of a PKCS#12 file; best given as <c>KeyPassword_FILE</c> or through the environment.</summary>
    public string? KeyPassword { get; set; }

    /// <summary>PEM file of the farm's certificate authority; during a rotation it holds the old and the new authority, one after the other.</summary>
    public string? AuthorityFile { get; set; }

    public TimeSpan HandshakeTimeout { get; set; } = DefaultHandshakeTimeout;
}

/// <summary>Checks <see cref="FarmTlsOptions"/>, naming each key with the section it was read from.</summary>
public sealed class FarmTlsOptionsValidator(string section) : IValidateOptions<FarmTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, FarmTlsOptions options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        var failures = new List<string>();
        RequireFile(nameof(FarmTlsOptions.CertificateFile), options.CertificateFile, "this side's certificate, issued by the farm's authority (deploy/tls/make-farm-certs.sh)", failures);
        RequireFile(nameof(FarmTlsOptions.AuthorityFile), options.AuthorityFile, "the farm's certificate authority, the only issuer accepted from the other side", failures);
        if (options.KeyFile is { Length: > 0 } key && !File.Exists(key))
            failures.Add($"{section}:{nameof(FarmTlsOptions.KeyFile)} names no file (was '{key}')");
        if (options.HandshakeTimeout <= TimeSpan.Zero)
            failures.Add($"{section}:{nameof(FarmTlsOptions.HandshakeTimeout)} must be positive (was {options.HandshakeTimeout})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void RequireFile(string key, string? path, string what, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(path))
            failures.Add($"{section}:{key} must be set: {what}; or {section}:{nameof(FarmTlsOptions.Enabled)}=false to run the farm without TLS");
        else if (!File.Exists(path))
            failures.Add($"{section}:{key} names no file (was '{path}')");
    }

    /// <summary>The options, or <see cref="OptionsValidationException"/> naming every key at fault.</summary>
    public static FarmTlsOptions Checked(FarmTlsOptions options, string section)
    {
        var result = new FarmTlsOptionsValidator(section).Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(FarmTlsOptions), result.Failures) : options;
    }
}
