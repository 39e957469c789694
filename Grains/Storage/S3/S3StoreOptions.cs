using System.Net;
using Microsoft.Extensions.Options;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.S3;

/// <summary>A media store in an S3 bucket: Amazon S3, or a server speaking its API. Section "MediaStore:S3".</summary>
public sealed class S3StoreOptions
{
    public const string SectionName = "MediaStore:S3";

    public const string DefaultRegion = "us-east-1";

    public const string NoEncryption = "None";
    public const string Aes256Encryption = "AES256";
    public const string KmsEncryption = "aws:kms";

    public const long MinimumPartSizeBytes = 5L * 1024 * 1024;
    public const long DefaultPartSizeBytes = 16L * 1024 * 1024;

    /// <summary>A part is held in memory while it uploads, so it stays well below S3's own 5 GiB limit.</summary>
    public const long MaximumPartSizeBytes = 1024L * 1024 * 1024;

    /// <summary>The store's endpoint, e.g. <c>https://s3.example.net</c>; unset for AWS's endpoint of <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket's AWS region, or the region an S3-compatible server signs requests with.</summary>
    public string Region { get; set; } = DefaultRegion;

    public string Bucket { get; set; } = "";

    /// <summary>Keys go under this prefix of the bucket (e.g. <c>farm-a/media</c>); unset for the bucket's root.</summary>
    public string? Prefix { get; set; }

    /// <summary>With <see cref="SecretKey"/>; both unset for the AWS SDK's default credential chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Address buckets as <c>endpoint/bucket/key</c> rather than <c>bucket.endpoint/key</c>; most S3-compatible servers need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary><see cref="NoEncryption"/>, <see cref="Aes256Encryption"/> (SSE-S3) or <see cref="KmsEncryption"/> (SSE-KMS).</summary>
    public string ServerSideEncryption { get; set; } = NoEncryption;

    /// <summary>The KMS key objects are encrypted with under <see cref="KmsEncryption"/>; unset for the bucket's AWS-managed key.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>An object larger than this is uploaded in parts of this size.</summary>
    public long PartSizeBytes { get; set; } = DefaultPartSizeBytes;

    /// <summary>The prefix as it starts every key in the bucket: empty, or ending with '/'.</summary>
    internal string KeyPrefix => string.IsNullOrEmpty(Prefix) ? "" : Prefix.EndsWith('/') ? Prefix : Prefix + "/";

    /// <summary>Where requests go, for messages.</summary>
    internal string Endpoint => string.IsNullOrWhiteSpace(ServiceUrl) ? $"https://s3.{Region}.amazonaws.com" : ServiceUrl;

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public void Validate()
    {
        var result = new S3StoreOptionsValidator().Validate(Options.DefaultName, this);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(S3StoreOptions), result.Failures);
    }
}

/// <summary>Checks the "MediaStore:S3" section; each message names the setting and the rule.</summary>
public sealed class S3StoreOptionsValidator : IValidateOptions<S3StoreOptions>
{
    private const string Section = S3StoreOptions.SectionName;

    private static readonly string[] ReservedBucketPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedBucketSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    public ValidateOptionsResult Validate(string? name, S3StoreOptions options)
    {
        var failures = new List<string>();
        if (CheckServiceUrl(options.ServiceUrl) is { } serviceUrl)
            failures.Add($"{Section}:{nameof(S3StoreOptions.ServiceUrl)} {serviceUrl}");
        if (string.IsNullOrWhiteSpace(options.Region) || !options.Region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            failures.Add($"{Section}:{nameof(S3StoreOptions.Region)} must be a region name of lowercase letters, digits and '-', such as {S3StoreOptions.DefaultRegion} (was '{options.Region}')");
        if (CheckBucket(options.Bucket) is { } bucket)
            failures.Add($"{Section}:{nameof(S3StoreOptions.Bucket)} {bucket}");
        if (!string.IsNullOrEmpty(options.Prefix) && !ObjectKey.IsValid(options.Prefix.EndsWith('/') ? options.Prefix[..^1] : options.Prefix))
            failures.Add($"{Section}:{nameof(S3StoreOptions.Prefix)} must be unset or a store key (relative, '/'-separated names of letters, digits, '.', '_' and '-', none starting with '.'), optionally ending with '/' (was '{options.Prefix}')");
        CheckCredentials(options, failures);
        CheckEncryption(options, failures);
        if (options.PartSizeBytes is < S3StoreOptions.MinimumPartSizeBytes or > S3StoreOptions.MaximumPartSizeBytes)
            failures.Add($"{Section}:{nameof(S3StoreOptions.PartSizeBytes)} must be at least {S3StoreOptions.MinimumPartSizeBytes} (5 MiB, S3's smallest part) and at most {S3StoreOptions.MaximumPartSizeBytes} (1 GiB, a part is held in memory) (was {options.PartSizeBytes})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? CheckServiceUrl(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return $"must be unset (AWS's endpoint for the region) or an absolute http(s) address such as https://s3.example.net (was '{value}')";
        if (uri.Scheme == "http" && !IsLoopback(uri))
            return $"must use https: plain http (was '{value}') is refused unless the host is loopback (localhost, 127.0.0.1, ::1), as the credentials' signatures and the media would cross the network unencrypted";
        return null;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.HostNameType == UriHostNameType.Dns
            ? string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            : IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);

    /// <summary>S3's rules for general purpose bucket names.</summary>
    private static string? CheckBucket(string? bucket)
    {
        if (string.IsNullOrEmpty(bucket))
            return "must be set to the bucket's name";
        var problem =
            bucket.Length is < 3 or > 63 ? "be 3 to 63 characters long"
            : !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-') ? "hold only lowercase letters, digits, '.' and '-'"
            : !char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]) ? "begin and end with a letter or digit"
            : bucket.Contains("..", StringComparison.Ordinal) ? "not hold two adjacent periods"
            : IPAddress.TryParse(bucket, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "not be formatted as an IP address"
            : ReservedBucketPrefixes.FirstOrDefault(p => bucket.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? $"not start with the reserved '{prefix}'"
            : ReservedBucketSuffixes.FirstOrDefault(s => bucket.EndsWith(s, StringComparison.Ordinal)) is { } suffix ? $"not end with the reserved '{suffix}'"
            : null;
        return problem is null ? null : $"must follow S3's bucket naming rules: {problem} (was '{bucket}')";
    }

    private static void CheckCredentials(S3StoreOptions options, List<string> failures)
    {
        var access = !string.IsNullOrEmpty(options.AccessKey);
        var secret = !string.IsNullOrEmpty(options.SecretKey);
        if (access == secret)
            return;
        var (missing, present) = access
            ? (nameof(S3StoreOptions.SecretKey), nameof(S3StoreOptions.AccessKey))
            : (nameof(S3StoreOptions.AccessKey), nameof(S3StoreOptions.SecretKey));
        failures.Add($"{Section}:{missing} must be set when {Section}:{present} is: set both, or neither for the AWS SDK's default credential chain");
    }

    private static void CheckEncryption(S3StoreOptions options, List<string> failures)
    {
        if (options.ServerSideEncryption is not (S3StoreOptions.NoEncryption or S3StoreOptions.Aes256Encryption or S3StoreOptions.KmsEncryption))
            failures.Add($"{Section}:{nameof(S3StoreOptions.ServerSideEncryption)} must be {S3StoreOptions.NoEncryption}, {S3StoreOptions.Aes256Encryption} or {S3StoreOptions.KmsEncryption} (was '{options.ServerSideEncryption}')");
        else if (!string.IsNullOrEmpty(options.KmsKeyId) && options.ServerSideEncryption != S3StoreOptions.KmsEncryption)
            failures.Add($"{Section}:{nameof(S3StoreOptions.KmsKeyId)} is only used with {Section}:{nameof(S3StoreOptions.ServerSideEncryption)} = {S3StoreOptions.KmsEncryption} (which was '{options.ServerSideEncryption}'): unset it, or choose {S3StoreOptions.KmsEncryption}");
    }
}
