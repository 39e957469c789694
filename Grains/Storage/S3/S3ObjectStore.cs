using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.S3;

/// <summary>
/// A store in an S3 bucket, every node reading and writing it over HTTPS. An object is the bucket's
/// object at the store's prefix followed by its key.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private const int MaxListPageSize = 1000;

    private readonly S3StoreOptions options;
    private readonly IAmazonS3 client;
    private readonly bool ownsClient;
    private readonly S3Errors errors;
    private readonly S3Upload upload;
    private readonly string keyPrefix;

    public S3ObjectStore(S3StoreOptions options)
        : this(options, S3Clients.Create(options), ownsClient: true)
    {
    }

    /// <param name="client">Used as it is, and left to its owner to dispose.</param>
    public S3ObjectStore(S3StoreOptions options, IAmazonS3 client)
        : this(options, client, ownsClient: false)
    {
    }

    private S3ObjectStore(S3StoreOptions options, IAmazonS3 client, bool ownsClient)
    {
        options.Validate();
        this.options = options;
        this.client = client;
        this.ownsClient = ownsClient;
        errors = new S3Errors(options);
        upload = new S3Upload(client, options);
        keyPrefix = options.KeyPrefix;
    }

    /// <summary>How many keys each request of a listing asks for (S3 answers at most 1000).</summary>
    public int ListPageSize
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxListPageSize);
            field = value;
        }
    } = MaxListPageSize;

    public string Describe(string key) => $"s3://{options.Bucket}/{BucketKey(key)}";

    public string? LocalPath(string key)
    {
        ObjectKey.Check(key);
        return null;
    }

    public async Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var bucketKey = BucketKey(key);
        try
        {
            return await HeadCoreAsync(key, bucketKey, cancellationToken);
        }
        catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<bool> PutAsync(string key, Stream content, long length, bool overwrite, CancellationToken cancellationToken)
    {
        var bucketKey = BucketKey(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        try
        {
            // Where the store honours If-None-Match on writes (Amazon S3 does), the write itself keeps the
            // first object. Where it does not (s3rver ignores it), this look first keeps it but for a race:
            // two writers that both find nothing both write, and the later one replaces the earlier. That
            // is harmless here: the farm's chunk grain decides which attempt counts, and both attempts'
            // files are equivalent.
            if (!overwrite && await HeadCoreAsync(key, bucketKey, cancellationToken) is not null)
                return false;
            await upload.WriteAsync(bucketKey, content, length, ifAbsent: !overwrite, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (!overwrite && e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        var bucketKey = BucketKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var request = new GetObjectRequest { BucketName = options.Bucket, Key = bucketKey };
        if (offset > 0)
            request.ByteRange = new ByteRange($"bytes={offset}-");
        try
        {
            return new S3ReadStream(await client.GetObjectAsync(request, cancellationToken), errors);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            throw new StoredObjectNotFoundException(key, Describe(key), e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The object is there (a missing one answers 404 first) and the offset is at or past its end.
            return new MemoryStream([], writable: false);
        }
        catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var bucketKey = BucketKey(key);
        try
        {
            // S3 answers a DELETE the same whether or not there was an object.
            if (await HeadCoreAsync(key, bucketKey, cancellationToken) is null)
                return false;
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = options.Bucket, Key = bucketKey }, cancellationToken);
            return true;
        }
        catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.CheckPrefix(prefix);
        var request = new ListObjectsV2Request { BucketName = options.Bucket, Prefix = keyPrefix + prefix, MaxKeys = ListPageSize };
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await client.ListObjectsV2Async(request, cancellationToken);
            }
            catch (Exception e) when (errors.Translate(e, cancellationToken) is { } translated)
            {
                throw translated;
            }
            // S3 lists keys in the order of their UTF-8 bytes, which for store keys (ASCII) is ordinal.
            foreach (var item in page.S3Objects ?? [])
            {
                var key = item.Key[keyPrefix.Length..];
                if (ObjectKey.IsValid(key))
                    yield return new StoredObject(key, item.Size ?? 0, Utc(item.LastModified));
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));
    }

    public void Dispose()
    {
        if (ownsClient)
            client.Dispose();
    }

    private async Task<StoredObject?> HeadCoreAsync(string key, string bucketKey, CancellationToken cancellationToken)
    {
        try
        {
            var head = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = options.Bucket, Key = bucketKey }, cancellationToken);
            return new StoredObject(key, head.ContentLength, Utc(head.LastModified));
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            return null;
        }
    }

    /// <summary>
    /// A HEAD's 404 has no body, so a missing bucket looks like a missing object there; a GET or a PUT
    /// names it.
    /// </summary>
    private static bool IsMissingObject(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket";

    private string BucketKey(string key) => keyPrefix + ObjectKey.Check(key);

    private static DateTimeOffset Utc(DateTime? time) => time switch
    {
        null => DateTimeOffset.MinValue,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } other => new DateTimeOffset(DateTime.SpecifyKind(other, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
