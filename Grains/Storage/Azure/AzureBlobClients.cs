using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace RenderFarm.Storage.Azure;

/// <summary>Builds the container client of a store from its options, with bounded retries and timeouts.</summary>
internal static class AzureBlobClients
{
    // One connection pool for every store of the process, as the SDK's own default transport shares one.
    private static readonly HttpClientTransport Transport = new(new SocketsHttpHandler
    {
        ConnectTimeout = AzureBlobStoreOptions.ConnectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
    });

    public static BlobContainerClient Create(AzureBlobStoreOptions options, Action<BlobClientOptions>? configure)
    {
        var clientOptions = new BlobClientOptions
        {
            Transport = Transport,
            EncryptionScope = string.IsNullOrEmpty(options.EncryptionScope) ? null : options.EncryptionScope,
        };
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = AzureBlobStoreOptions.MaxRetries;
        clientOptions.Retry.Delay = AzureBlobStoreOptions.RetryDelay;
        clientOptions.Retry.MaxDelay = AzureBlobStoreOptions.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = NetworkTimeout(options.BlockSizeBytes);
        configure?.Invoke(clientOptions);

        var service = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(options.ServiceUri!, new StorageSharedKeyCredential(options.AccountName!, options.AccountKey!), clientOptions)
            : new BlobServiceClient(options.ConnectionString, clientOptions);
        return service.GetBlobContainerClient(options.Container);
    }

    private static TimeSpan NetworkTimeout(long blockSizeBytes)
    {
        var forBlock = TimeSpan.FromSeconds((double)blockSizeBytes / AzureBlobStoreOptions.MinBytesPerSecond);
        return forBlock > AzureBlobStoreOptions.MinNetworkTimeout ? forBlock : AzureBlobStoreOptions.MinNetworkTimeout;
    }
}
