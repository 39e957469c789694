using System.Net;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Azure;

/// <summary>
/// A media store in an Azure Blob Storage container (or an emulator of it). Section "MediaStore:Azure".
/// The account is given either by <see cref="ConnectionString"/> or by <see cref="ServiceUri"/>,
/// <see cref="AccountName"/> and <see cref="AccountKey"/>, never both.
/// </summary>
public sealed class AzureBlobStoreOptions
{
    public const string SectionName = "MediaStore:Azure";

    public const long DefaultBlockSizeBytes = 8 * 1024 * 1024;
    public const long MinBlockSizeBytes = 1024 * 1024;
    public const long MaxBlockSizeBytes = 100 * 1024 * 1024;
    public const int DefaultMaxConcurrency = 4;
    public const int MaxConcurrencyLimit = 64;

    /// <summary>A blob name is at most 1024 characters: the prefix, a '/' and a key of <see cref="ObjectKey.MaxLength"/>.</summary>
    public const int MaxPrefixLength = 1024 - 1 - ObjectKey.MaxLength;

    /// <summary>
    /// The farm retries <see cref="ObjectStoreUnavailableException"/> itself with its own backoff, so the
    /// client only rides out a dropped connection and then reports the store unavailable within seconds.
    /// </summary>
    public const int MaxRetries = 2;

    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>An endpoint that does not accept the connection within this is reported unavailable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The least time one request may take; a request carrying a block may take longer, as long as its
    /// block moves at <see cref="MinBytesPerSecond"/> (100 MiB blocks get 100 s).
    /// </summary>
    public static readonly TimeSpan MinNetworkTimeout = TimeSpan.FromSeconds(30);

    public const long MinBytesPerSecond = 1024 * 1024;

    /// <summary>A storage account connection string (<c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account's blob endpoint, <c>https://ACCOUNT.blob.core.windows.net</c> (an emulator's is <c>http://127.0.0.1:10000/devstoreaccount1</c>).</summary>
    public Uri? ServiceUri { get; set; }

    public string? AccountName { get; set; }

    /// <summary>The account's shared key (base64), with <see cref="ServiceUri"/> and <see cref="AccountName"/>.</summary>
    public string? AccountKey { get; set; }

    /// <summary>The container holding the store's objects; it must exist.</summary>
    public string Container { get; set; } = "";

    /// <summary>Objects are the blobs <c>Prefix/KEY</c>: one container can hold several farms' stores.</summary>
    public string? Prefix { get; set; }

    /// <summary>The account's encryption scope every object is written with, instead of the container's default.</summary>
    public string? EncryptionScope { get; set; }

    /// <summary>An object larger than this is uploaded as blocks of this size, committed at once when all are in.</summary>
    public long BlockSizeBytes { get; set; } = DefaultBlockSizeBytes;

    /// <summary>Blocks of one upload in flight at once; each holds <see cref="BlockSizeBytes"/> of memory.</summary>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

    /// <summary>The prefix blob names start with: empty, or <see cref="Prefix"/> ending with '/'.</summary>
    public string BlobNamePrefix =>
        string.IsNullOrEmpty(Prefix) ? "" : Prefix.EndsWith('/') ? Prefix : Prefix + "/";

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public void Validate()
    {
        var result = new AzureBlobStoreOptionsValidator().Validate(Options.DefaultName, this);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(AzureBlobStoreOptions), result.Failures);
    }
}

/// <summary>Checks the "MediaStore:Azure" section when the silo starts; each message names the key and the rule.</summary>
public sealed class AzureBlobStoreOptionsValidator : IValidateOptions<AzureBlobStoreOptions>
{
    private const string Section = AzureBlobStoreOptions.SectionName;
    private const string ConnectionStringKey = $"{Section}:{nameof(AzureBlobStoreOptions.ConnectionString)}";
    private const string ServiceUriKey = $"{Section}:{nameof(AzureBlobStoreOptions.ServiceUri)}";
    private const string AccountNameKey = $"{Section}:{nameof(AzureBlobStoreOptions.AccountName)}";
    private const string AccountKeyKey = $"{Section}:{nameof(AzureBlobStoreOptions.AccountKey)}";
    private const string TlsRule = "must use https: plain http is accepted only for a loopback host (localhost, 127.0.0.1, ::1), such as a local emulator";

    public ValidateOptionsResult Validate(string? name, AzureBlobStoreOptions options)
    {
        var failures = new List<string>();
        ValidateAccount(options, failures);
        if (!IsResourceName(options.Container))
            failures.Add($"{Section}:{nameof(AzureBlobStoreOptions.Container)} must be a container name: 3 to 63 lower-case letters, digits and '-', starting with a letter or digit, every '-' between a letter or digit (was '{options.Container}')");
        if (!string.IsNullOrEmpty(options.Prefix) && (!IsPrefix(options.Prefix) || options.BlobNamePrefix.Length > AzureBlobStoreOptions.MaxPrefixLength + 1))
            failures.Add($"{Section}:{nameof(AzureBlobStoreOptions.Prefix)} must be empty or a store key (names of letters, digits, '.', '_' and '-' separated by '/', none starting with '.'), at most {AzureBlobStoreOptions.MaxPrefixLength} characters (was '{options.Prefix}')");
        if (options.EncryptionScope is { } scope && !IsResourceName(scope))
            failures.Add($"{Section}:{nameof(AzureBlobStoreOptions.EncryptionScope)} must be unset or an encryption scope name: 3 to 63 lower-case letters, digits and '-', every '-' between a letter or digit (was '{scope}')");
        if (options.BlockSizeBytes is < AzureBlobStoreOptions.MinBlockSizeBytes or > AzureBlobStoreOptions.MaxBlockSizeBytes)
            failures.Add($"{Section}:{nameof(AzureBlobStoreOptions.BlockSizeBytes)} must be from {AzureBlobStoreOptions.MinBlockSizeBytes} (1 MiB) to {AzureBlobStoreOptions.MaxBlockSizeBytes} (100 MiB) (was {options.BlockSizeBytes})");
        if (options.MaxConcurrency is < 1 or > AzureBlobStoreOptions.MaxConcurrencyLimit)
            failures.Add($"{Section}:{nameof(AzureBlobStoreOptions.MaxConcurrency)} must be from 1 to {AzureBlobStoreOptions.MaxConcurrencyLimit} (was {options.MaxConcurrency})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAccount(AzureBlobStoreOptions options, List<string> failures)
    {
        var byConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var byKey = options.ServiceUri is not null || !string.IsNullOrWhiteSpace(options.AccountName) || !string.IsNullOrWhiteSpace(options.AccountKey);
        if (byConnectionString && byKey)
        {
            failures.Add($"{ConnectionStringKey} and {ServiceUriKey} + {nameof(AzureBlobStoreOptions.AccountName)} + {nameof(AzureBlobStoreOptions.AccountKey)} are two ways to name the account: set exactly one");
            return;
        }
        if (!byConnectionString && !byKey)
        {
            failures.Add($"{ConnectionStringKey}, or {ServiceUriKey} with {nameof(AzureBlobStoreOptions.AccountName)} and {nameof(AzureBlobStoreOptions.AccountKey)}, must be set: the store needs an account");
            return;
        }
        if (byConnectionString)
            ValidateConnectionString(options.ConnectionString!, failures);
        else
            ValidateSharedKey(options, failures);
    }

    private static void ValidateConnectionString(string connectionString, List<string> failures)
    {
        Uri endpoint;
        try
        {
            endpoint = new BlobServiceClient(connectionString).Uri;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The string holds the account key: the message names the rule, never the value.
            failures.Add($"{ConnectionStringKey} must be a storage account connection string (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…), with a blob endpoint: {e.Message}");
            return;
        }
        if (!IsSecure(endpoint))
            failures.Add($"{ConnectionStringKey} {TlsRule} (its blob endpoint was {endpoint.GetLeftPart(UriPartial.Path)})");
    }

    private static void ValidateSharedKey(AzureBlobStoreOptions options, List<string> failures)
    {
        if (options.ServiceUri is not { IsAbsoluteUri: true } uri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            failures.Add($"{ServiceUriKey} must be the account's blob endpoint, an absolute https URI such as https://ACCOUNT.blob.core.windows.net (was '{options.ServiceUri}')");
        else if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            failures.Add($"{ServiceUriKey} must be the account's blob endpoint without query or fragment: credentials go in {nameof(AzureBlobStoreOptions.AccountKey)} (was '{uri.GetLeftPart(UriPartial.Path)}?…')");
        else if (!IsSecure(uri))
            failures.Add($"{ServiceUriKey} {TlsRule} (was {uri})");
        if (options.AccountName is not { } account || account.Length is < 3 or > 24 || !account.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)))
            failures.Add($"{AccountNameKey} must be a storage account name: 3 to 24 lower-case letters and digits (was '{options.AccountName}')");
        if (!IsBase64(options.AccountKey))
            failures.Add($"{AccountKeyKey} must be the account's shared key, non-empty base64");
    }

    private static bool IsSecure(Uri endpoint) =>
        endpoint.Scheme == Uri.UriSchemeHttps
        || (endpoint.Scheme == Uri.UriSchemeHttp && IsLoopback(endpoint.Host));

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback)));

    private static bool IsBase64(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return false;
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }

    private static bool IsPrefix(string prefix)
    {
        try
        {
            ObjectKey.CheckPrefix(prefix);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Containers and encryption scopes share one naming rule.</summary>
    private static bool IsResourceName(string? value) =>
        value is { Length: >= 3 and <= 63 }
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && value[0] != '-'
        && value[^1] != '-'
        && !value.Contains("--", StringComparison.Ordinal);
}
