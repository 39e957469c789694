using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Gcs;

/// <summary>A media store in a Google Cloud Storage bucket. Section "MediaStore:Gcs".</summary>
public sealed class GcsStoreOptions
{
    public const string SectionName = "MediaStore:Gcs";

    public const int ChunkQuantumBytes = 256 * 1024;
    public const int DefaultChunkSizeBytes = 8 * 1024 * 1024;
    /// <summary>A chunk is held in memory while it is sent.</summary>
    public const int MaxChunkSizeBytes = 256 * 1024 * 1024;
    /// <summary>GCS names are at most 1024 bytes; a key may take <see cref="ObjectKey.MaxLength"/> of them after the prefix's '/'.</summary>
    public const int MaxPrefixLength = 1024 - ObjectKey.MaxLength - 1;

    /// <summary>The bucket holding the farm's objects; it must exist.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Objects go under <c>Prefix/</c> in the bucket; unset or empty for the bucket's root.</summary>
    public string? Prefix { get; set; }

    /// <summary>
    /// Root of the endpoint serving the JSON API (its paths start <c>/storage/v1/</c> and <c>/upload/storage/v1/</c>),
    /// such as <c>http://127.0.0.1:4443/</c> for a local one; unset for Google's. It must use https unless its
    /// host is loopback: plain http would carry credentials and media unencrypted.
    /// </summary>
    public string? BaseUri { get; set; }

    /// <summary>A service account's JSON key file; unset for application default credentials.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>Sends no credentials at all: for a local endpoint that asks for none.</summary>
    public bool Anonymous { get; set; }

    /// <summary>
    /// A Cloud KMS key (<c>projects/P/locations/L/keyRings/R/cryptoKeys/K</c>) the server encrypts new objects
    /// with; unset for the bucket's default encryption.
    /// </summary>
    public string? KmsKeyName { get; set; }

    /// <summary>Uploads are sent in resumable chunks of this many bytes, a multiple of 256 KiB.</summary>
    public int ChunkSizeBytes { get; set; } = DefaultChunkSizeBytes;
}

/// <summary>Checks the "MediaStore:Gcs" section; each message names the key and the rule.</summary>
public sealed partial class GcsStoreOptionsValidator : IValidateOptions<GcsStoreOptions>
{
    private const string Section = GcsStoreOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, GcsStoreOptions options)
    {
        var failures = new List<string>();
        if (BucketNameFault(options.Bucket) is { } bucketFault)
            failures.Add($"{Section}:{nameof(GcsStoreOptions.Bucket)} {bucketFault} (was '{options.Bucket}')");
        if (options.Prefix is { Length: > 0 } prefix && !IsValidPrefix(prefix))
            failures.Add($"{Section}:{nameof(GcsStoreOptions.Prefix)} must be a store key ('/'-separated names of letters, digits, '.', '_' and '-', none starting with '.'), optionally ending with '/', at most {GcsStoreOptions.MaxPrefixLength} characters (was '{prefix}')");
        if (options.BaseUri is { } baseUri && BaseUriFault(baseUri) is { } baseUriFault)
            failures.Add($"{Section}:{nameof(GcsStoreOptions.BaseUri)} {baseUriFault} (was '{baseUri}')");
        if (options.CredentialsFile is { } credentials)
        {
            if (string.IsNullOrWhiteSpace(credentials))
                failures.Add($"{Section}:{nameof(GcsStoreOptions.CredentialsFile)} must be a service account's JSON key file, or unset for application default credentials");
            else if (options.Anonymous)
                failures.Add($"{Section}:{nameof(GcsStoreOptions.CredentialsFile)} and {Section}:{nameof(GcsStoreOptions.Anonymous)} exclude each other: anonymous access sends no credentials");
        }
        if (options.Anonymous && string.IsNullOrWhiteSpace(options.BaseUri))
            failures.Add($"{Section}:{nameof(GcsStoreOptions.Anonymous)} is for a local endpoint: set {Section}:{nameof(GcsStoreOptions.BaseUri)} too, or use credentials for Google's");
        if (options.KmsKeyName is { } kms && !KmsKeyNamePattern().IsMatch(kms))
            failures.Add($"{Section}:{nameof(GcsStoreOptions.KmsKeyName)} must be projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY, or unset for the bucket's default encryption (was '{kms}')");
        if (options.ChunkSizeBytes <= 0 || options.ChunkSizeBytes % GcsStoreOptions.ChunkQuantumBytes != 0 || options.ChunkSizeBytes > GcsStoreOptions.MaxChunkSizeBytes)
            failures.Add($"{Section}:{nameof(GcsStoreOptions.ChunkSizeBytes)} must be a positive multiple of {GcsStoreOptions.ChunkQuantumBytes} (256 KiB), at most {GcsStoreOptions.MaxChunkSizeBytes} (was {options.ChunkSizeBytes})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public static void ThrowIfInvalid(GcsStoreOptions options)
    {
        var result = new GcsStoreOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(GcsStoreOptions), result.Failures);
    }

    // https://cloud.google.com/storage/docs/buckets#naming
    private static string? BucketNameFault(string? bucket)
    {
        if (string.IsNullOrEmpty(bucket))
            return "must be set";
        if (!BucketCharacters().IsMatch(bucket))
            return "may hold only lowercase letters, digits, '-', '_' and '.', and must start and end with a letter or digit";
        var dotted = bucket.Contains('.');
        if (bucket.Length < 3 || bucket.Length > (dotted ? 222 : 63))
            return "must be 3 to 63 characters long (up to 222 when it holds dots)";
        if (dotted && bucket.Split('.').Any(part => part.Length is 0 or > 63))
            return "must not hold empty dot-separated parts or parts longer than 63 characters";
        if (IPAddress.TryParse(bucket, out _) && bucket.Count(c => c == '.') == 3)
            return "must not be an IP address";
        if (bucket.StartsWith("goog", StringComparison.Ordinal) || bucket.Contains("google", StringComparison.Ordinal) || bucket.Contains("g00gle", StringComparison.Ordinal))
            return "must not start with 'goog' or contain 'google'";
        return null;
    }

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length <= GcsStoreOptions.MaxPrefixLength
        && ObjectKey.IsValid(prefix.EndsWith('/') ? prefix[..^1] : prefix);

    private static string? BaseUriFault(string baseUri)
    {
        if (!Uri.TryCreate(baseUri, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "must be an absolute http or https URI, or unset for Google's endpoint";
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            return "must use https: plain http would send credentials and media unencrypted, so it is only accepted for a loopback host (localhost, 127.0.0.1, ::1)";
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            return "must not have a query or fragment";
        return null;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$")]
    private static partial Regex BucketCharacters();

    [GeneratedRegex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$")]
    private static partial Regex KmsKeyNamePattern();
}
