using Amazon.S3;
using Amazon.S3.Model;
using RenderFarm.Storage;
using RenderFarm.Storage.Objects;
using RenderFarm.Storage.S3;

namespace RenderFarm.Benchmarks;

/// <summary>A bucket of its own on an S3 endpoint (s3rver on loopback), deleted with everything in it at the end.</summary>
internal sealed class S3BenchmarkStore : IBenchmarkStore
{
    private readonly S3StoreOptions options;
    private readonly AmazonS3Client client;
    private readonly S3ObjectStore store;

    private S3BenchmarkStore(S3StoreOptions options, AmazonS3Client client)
    {
        this.options = options;
        this.client = client;
        store = new S3ObjectStore(options, client);
    }

    public string Name => "S3 (s3rver)";

    public IObjectStore Objects => store;

    public static async Task<S3BenchmarkStore> CreateAsync(string serviceUrl, string accessKey, string secretKey, CancellationToken cancellationToken)
    {
        var options = new S3StoreOptions
        {
            ServiceUrl = serviceUrl,
            Region = S3StoreOptions.DefaultRegion,
            Bucket = $"bench-media-{Guid.NewGuid():N}"[..28],
            AccessKey = accessKey,
            SecretKey = secretKey,
            ForcePathStyle = true,
        };
        var client = S3Clients.Create(options);
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = options.Bucket }, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new S3BenchmarkStore(options, client);
    }

    public void Configure(MediaStoreOptions media)
    {
        media.Kind = MediaStoreKind.S3;
        media.S3 = options;
    }

    public async Task PlainUploadAsync(string file, string key, CancellationToken cancellationToken) =>
        await client.PutObjectAsync(new PutObjectRequest { BucketName = options.Bucket, Key = key, FilePath = file, UseChunkEncoding = false }, cancellationToken);

    public async Task PlainDownloadAsync(string key, string target, CancellationToken cancellationToken)
    {
        using var response = await client.GetObjectAsync(options.Bucket, key, cancellationToken);
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await response.ResponseStream.CopyToAsync(file, 1 << 20, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            var request = new ListObjectsV2Request { BucketName = options.Bucket };
            var keys = new List<string>();
            do
            {
                var page = await client.ListObjectsV2Async(request, timeout.Token);
                keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
                request.ContinuationToken = page.NextContinuationToken;
            }
            while (!string.IsNullOrEmpty(request.ContinuationToken));
            foreach (var key in keys)
                await client.DeleteObjectAsync(options.Bucket, key, timeout.Token);
            await client.DeleteBucketAsync(options.Bucket, timeout.Token);
        }
        finally
        {
            store.Dispose();
            client.Dispose();
        }
    }
}
