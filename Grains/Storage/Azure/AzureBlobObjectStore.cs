using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Azure;

/// <summary>
/// A store in an Azure Blob Storage container: an object is the block blob <c>Prefix/KEY</c>. The
/// container must exist. Objects are fetched, never read in place.
/// </summary>
public sealed class AzureBlobObjectStore : IObjectStore
{
    private readonly BlobContainerClient container;
    private readonly string namePrefix;
    private readonly AzureBlobErrors errors;
    private readonly AzureBlockUploader uploader;

    /// <param name="configureClient">Adjusts the SDK's client options after the store has set its own (for instance to add a pipeline policy).</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options break a rule; the message names each setting.</exception>
    public AzureBlobObjectStore(AzureBlobStoreOptions options, Action<BlobClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        container = AzureBlobClients.Create(options, configureClient);
        namePrefix = options.BlobNamePrefix;
        var credentialSetting = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? $"{AzureBlobStoreOptions.SectionName}:{nameof(AzureBlobStoreOptions.AccountName)} and {nameof(AzureBlobStoreOptions.AccountKey)}"
            : $"{AzureBlobStoreOptions.SectionName}:{nameof(AzureBlobStoreOptions.ConnectionString)}";
        errors = new AzureBlobErrors(container.GetParentBlobServiceClient().Uri.AbsoluteUri, container.Name, credentialSetting);
        uploader = new AzureBlockUploader(options.BlockSizeBytes, options.MaxConcurrency, errors);
    }

    public string Describe(string key) => Blob(key).Uri.AbsoluteUri;

    public string? LocalPath(string key)
    {
        ObjectKey.Check(key);
        return null;
    }

    public async Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var blob = Blob(key);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new StoredObject(key, properties.ContentLength, properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != BlobErrorCode.ContainerNotFound)
        {
            return null;
        }
        catch (Exception e) when (errors.Map(e, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public Task<bool> PutAsync(string key, Stream content, long length, bool overwrite, CancellationToken cancellationToken)
    {
        var blob = Blob(key);
        ArgumentNullException.ThrowIfNull(content);
        return uploader.PutAsync(blob, content, length, overwrite, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        var blob = Blob(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        try
        {
            var range = offset == 0 ? default : new HttpRange(offset);
            var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = range }, cancellationToken);
            return new AzureBlobReadStream(download.Value.Content, errors);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            throw new StoredObjectNotFoundException(key, blob.Uri.AbsoluteUri, e);
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            // The blob is there and ends at or before the offset.
            return new MemoryStream([], writable: false);
        }
        catch (Exception e) when (errors.Map(e, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var blob = Blob(key);
        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return false;
        }
        catch (Exception e) when (errors.Map(e, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.CheckPrefix(prefix);
        // Azure lists a container in order of the names' UTF-8 bytes, which for keys is ordinal order.
        var pages = container
            .GetBlobsAsync(new GetBlobsOptions { Prefix = namePrefix + prefix }, cancellationToken)
            .AsPages()
            .GetAsyncEnumerator(cancellationToken);
        await using (pages)
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync())
                        break;
                }
                catch (Exception e) when (errors.Map(e, cancellationToken) is { } mapped)
                {
                    throw mapped;
                }
                foreach (var item in pages.Current.Values)
                {
                    var key = item.Name[namePrefix.Length..];
                    if (ObjectKey.IsValid(key))
                        yield return new StoredObject(key, item.Properties.ContentLength ?? 0, item.Properties.LastModified ?? DateTimeOffset.MinValue);
                }
            }
        }
    }

    private BlockBlobClient Blob(string key) => container.GetBlockBlobClient(namePrefix + ObjectKey.Check(key));
}
