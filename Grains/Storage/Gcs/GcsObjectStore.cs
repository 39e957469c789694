using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google;
using Google.Cloud.Storage.V1;
using RenderFarm.Storage.Objects;
using GcsObject = Google.Apis.Storage.v1.Data.Object;

namespace RenderFarm.Storage.Gcs;

/// <summary>
/// A store in a Google Cloud Storage bucket, under an optional prefix. An upload becomes visible only when its
/// last chunk is in, so readers never see part of an object; "only if absent" is GCS's precondition on
/// generation 0, which the server checks when the upload completes.
/// </summary>
public sealed class GcsObjectStore : IObjectStore, IDisposable
{
    private const int DownloadChunkBytes = 1 << 20;

    private readonly StorageClient client;
    private readonly GcsStoreOptions options;
    private readonly string namePrefix;
    private readonly GcsErrors errors;

    public GcsObjectStore(GcsStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        GcsStoreOptionsValidator.ThrowIfInvalid(options);
        this.options = options;
        namePrefix = string.IsNullOrEmpty(options.Prefix) ? "" : options.Prefix.TrimEnd('/') + "/";
        errors = new GcsErrors(GcsClientFactory.Endpoint(options), options.Bucket);
        client = GcsClientFactory.Create(options);
    }

    public string Describe(string key) => $"gs://{options.Bucket}/{ObjectName(key)}";

    public string? LocalPath(string key)
    {
        ObjectKey.Check(key);
        return null;
    }

    public async Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var name = ObjectName(key);
        try
        {
            var found = await client.GetObjectAsync(options.Bucket, name, new GetObjectOptions { RetryOptions = GcsClientFactory.Retries }, cancellationToken);
            return Describe(key, found);
        }
        catch (GoogleApiException e) when (GcsErrors.IsNotFound(e))
        {
            return null;
        }
        catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<bool> PutAsync(string key, Stream content, long length, bool overwrite, CancellationToken cancellationToken)
    {
        var name = ObjectName(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var upload = new UploadObjectOptions
        {
            ChunkSize = options.ChunkSizeBytes,
            KmsKeyName = options.KmsKeyName,
            IfGenerationMatch = overwrite ? null : 0,
        };
        await using var exact = new ExactLengthStream(content, length);
        try
        {
            await client.UploadObjectAsync(options.Bucket, name, contentType: null, exact, upload, cancellationToken);
            return true;
        }
        catch (GoogleApiException e) when (!overwrite && e.HttpStatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        var name = ObjectName(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var download = new DownloadObjectOptions
        {
            ChunkSize = DownloadChunkBytes,
            Range = offset == 0 ? null : new RangeHeaderValue(offset, null),
            // The object's hash covers all of it, so only a whole read can be checked against it.
            DownloadValidationMode = offset == 0 ? DownloadValidationMode.Always : DownloadValidationMode.Never,
        };
        return PipedDownload.OpenAsync(
            async (destination, token) =>
            {
                try
                {
                    await client.DownloadObjectAsync(options.Bucket, name, destination, download, token);
                }
                // GCS answers 416 to a range that starts at or past the end: there is nothing left to read.
                catch (GoogleApiException e) when (e.HttpStatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                }
            },
            e => e is GoogleApiException api && GcsErrors.IsNotFound(api)
                ? new StoredObjectNotFoundException(key, Describe(key), e)
                : errors.Translate(e, CancellationToken.None) ?? e,
            cancellationToken);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var name = ObjectName(key);
        try
        {
            // Not retried here: a retry after a lost answer would find nothing and report the object absent.
            await client.DeleteObjectAsync(options.Bucket, name, new DeleteObjectOptions { RetryOptions = RetryOptions.Never }, cancellationToken);
            return true;
        }
        catch (GoogleApiException e) when (GcsErrors.IsNotFound(e))
        {
            return false;
        }
        catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.CheckPrefix(prefix);
        var pages = client.ListObjectsAsync(options.Bucket, namePrefix + prefix, new ListObjectsOptions { RetryOptions = GcsClientFactory.Retries });
        await using var objects = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await objects.MoveNextAsync())
                    yield break;
            }
            catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
            {
                throw translated;
            }
            // GCS lists names in byte order, which is key order for the ASCII a key is made of.
            var key = objects.Current.Name[namePrefix.Length..];
            if (ObjectKey.IsValid(key))
                yield return Describe(key, objects.Current);
        }
    }

    public void Dispose() => client.Dispose();

    private string ObjectName(string key) => namePrefix + ObjectKey.Check(key);

    private static StoredObject Describe(string key, GcsObject found) =>
        new(key, (long)(found.Size ?? 0), found.UpdatedDateTimeOffset ?? found.TimeCreatedDateTimeOffset ?? DateTimeOffset.UnixEpoch);
}
