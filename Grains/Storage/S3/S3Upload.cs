using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace RenderFarm.Storage.S3;

/// <summary>
/// Writes one object: in a single PUT up to the part size, else as a multipart upload that is completed
/// only once every part is in and aborted on any failure, so a failed write leaves no object behind.
/// Each part is read whole into memory before it is sent, so content that ends short is found before
/// anything is committed, and the SDK can sign the part and send it again when a request is retried.
/// </summary>
internal sealed class S3Upload(IAmazonS3 client, S3StoreOptions options)
{
    private const int MaxParts = 10_000;
    private static readonly TimeSpan AbortLimit = TimeSpan.FromSeconds(30);

    /// <param name="ifAbsent">Ask the store to refuse the write when an object is already there (412).</param>
    public async Task WriteAsync(string bucketKey, Stream content, long length, bool ifAbsent, CancellationToken cancellationToken)
    {
        if (length <= options.PartSizeBytes)
            await PutAsync(bucketKey, content, (int)length, ifAbsent, cancellationToken);
        else
            await PutInPartsAsync(bucketKey, content, length, ifAbsent, cancellationToken);
    }

    private async Task PutAsync(string bucketKey, Stream content, int length, bool ifAbsent, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await ReadExactlyAsync(content, buffer, length, length, cancellationToken);
            using var body = new MemoryStream(buffer, 0, length, writable: false);
            var request = new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = bucketKey,
                InputStream = body,
                AutoCloseStream = false,
                UseChunkEncoding = false,
                IfNoneMatch = ifAbsent ? "*" : null,
            };
            if (Encryption() is { } method)
            {
                request.ServerSideEncryptionMethod = method;
                request.ServerSideEncryptionKeyManagementServiceKeyId = KmsKeyId();
            }
            await client.PutObjectAsync(request, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutInPartsAsync(string bucketKey, Stream content, long length, bool ifAbsent, CancellationToken cancellationToken)
    {
        var partSize = (int)Math.Max(options.PartSizeBytes, (length + MaxParts - 1) / MaxParts);
        var start = new InitiateMultipartUploadRequest
        {
            BucketName = options.Bucket,
            Key = bucketKey,
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        };
        if (Encryption() is { } method)
        {
            start.ServerSideEncryptionMethod = method;
            start.ServerSideEncryptionKeyManagementServiceKeyId = KmsKeyId();
        }
        var upload = await client.InitiateMultipartUploadAsync(start, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            var parts = new List<UploadPartResponse>();
            for (var left = length; left > 0;)
            {
                var size = (int)Math.Min(partSize, left);
                await ReadExactlyAsync(content, buffer, size, length, cancellationToken);
                using var body = new MemoryStream(buffer, 0, size, writable: false);
                parts.Add(await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = options.Bucket,
                    Key = bucketKey,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = body,
                    UseChunkEncoding = false,
                    ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
                }, cancellationToken));
                left -= size;
            }
            var complete = new CompleteMultipartUploadRequest
            {
                BucketName = options.Bucket,
                Key = bucketKey,
                UploadId = upload.UploadId,
                IfNoneMatch = ifAbsent ? "*" : null,
            };
            complete.AddPartETagsAndChecksums(parts);
            await client.CompleteMultipartUploadAsync(complete, cancellationToken);
        }
        catch
        {
            await AbortAsync(bucketKey, upload.UploadId);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Frees the parts sent so far. Until completed they were never an object, so a failed abort (the
    /// store gone, or one that does not implement it) only leaves parts for the bucket's lifecycle rule.
    /// It runs even when the write was cancelled, within a limit of its own.
    /// </summary>
    private async Task AbortAsync(string bucketKey, string uploadId)
    {
        using var limit = new CancellationTokenSource(AbortLimit);
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = options.Bucket,
                Key = bucketKey,
                UploadId = uploadId,
            }, limit.Token);
        }
        catch (Exception)
        {
            // The write's own failure is the one to report.
        }
    }

    private ServerSideEncryptionMethod? Encryption() => options.ServerSideEncryption switch
    {
        S3StoreOptions.Aes256Encryption => ServerSideEncryptionMethod.AES256,
        S3StoreOptions.KmsEncryption => ServerSideEncryptionMethod.AWSKMS,
        _ => null,
    };

    private string? KmsKeyId() => string.IsNullOrEmpty(options.KmsKeyId) ? null : options.KmsKeyId;

    private static async Task ReadExactlyAsync(Stream content, byte[] buffer, int count, long announced, CancellationToken cancellationToken)
    {
        var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, count), count, throwOnEndOfStream: false, cancellationToken);
        if (read < count)
            throw new EndOfStreamException($"The content ended before the {announced} bytes announced.");
    }
}
