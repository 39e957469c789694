using Google.Apis.Auth.OAuth2;
using Google.Cloud.Storage.V1;

namespace RenderFarm.Storage.Gcs;

/// <summary>A <see cref="StorageClient"/> for the options, with its own retries kept short.</summary>
internal static class GcsClientFactory
{
    public const string GoogleEndpoint = "https://storage.googleapis.com/";

    /// <summary>
    /// One try and two retries, a quarter and half a second apart: an unreachable store fails within a second
    /// or so, and the farm's own retries (on <see cref="Objects.ObjectStoreUnavailableException"/>) take over.
    /// </summary>
    public const int Tries = 3;

    /// <summary>A request that has not been answered in this long counts as failed; a chunk must be sent within it.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public static readonly RetryOptions Retries = new(
        new RetryTiming(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), 2),
        RetryPredicate.RetriableIdempotentErrors);

    /// <summary>The endpoint's root, as the options name it, for messages.</summary>
    public static string Endpoint(GcsStoreOptions options) => string.IsNullOrWhiteSpace(options.BaseUri) ? GoogleEndpoint : options.BaseUri;

    public static StorageClient Create(GcsStoreOptions options)
    {
        var builder = new StorageClientBuilder { UnauthenticatedAccess = options.Anonymous };
        if (!string.IsNullOrWhiteSpace(options.BaseUri))
            builder.BaseUri = JsonApiRoot(options.BaseUri);
        if (options.CredentialsFile is { } file)
            builder.GoogleCredential = ReadServiceAccount(file);
        StorageClient client;
        try
        {
            client = builder.Build();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"No Google credentials for the media store: set {GcsStoreOptions.SectionName}:{nameof(GcsStoreOptions.CredentialsFile)} " +
                $"to a service account's JSON key, or provide application default credentials ({e.Message}).", e);
        }
        client.Service.HttpClient.Timeout = RequestTimeout;
        client.Service.HttpClient.MessageHandler.NumTries = Tries;
        return client;
    }

    /// <summary>The JSON API lives under <c>storage/v1/</c> of the endpoint (uploads under <c>upload/storage/v1/</c>).</summary>
    private static string JsonApiRoot(string baseUri)
    {
        var root = baseUri.EndsWith('/') ? baseUri : baseUri + "/";
        return root.EndsWith("/storage/v1/", StringComparison.Ordinal) ? root : root + "storage/v1/";
    }

    private static GoogleCredential ReadServiceAccount(string file)
    {
        try
        {
            return CredentialFactory.FromFile<ServiceAccountCredential>(file).ToGoogleCredential();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidOperationException(
                $"{GcsStoreOptions.SectionName}:{nameof(GcsStoreOptions.CredentialsFile)} '{file}' is not a readable service account JSON key: {e.Message}", e);
        }
    }
}
