using System.Buffers;
using System.Buffers.Binary;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace RenderFarm.Storage.Azure;

/// <summary>
/// Writes a block blob from a stream of known length: in one request up to the block size, else as
/// staged blocks committed by one block list, so readers see the old blob or the new one, never a part.
/// Nothing is committed unless exactly the announced number of bytes was read.
/// </summary>
/// <remarks>
/// The SDK's own partitioned upload names blocks by their offset alone, so two uploads of one key at once
/// replace each other's staged blocks and the first commit could hold a mix of both. Here every upload
/// names its blocks after a fresh id: a commit holds only its own upload's bytes.
/// </remarks>
internal sealed class AzureBlockUploader(long blockSize, int maxConcurrency, AzureBlobErrors errors)
{
    /// <summary>Azure refuses a block blob of more blocks.</summary>
    public const int MaxBlocks = 50_000;

    /// <summary>All block ids of a blob must be as long; this is the length the SDK's own ids have.</summary>
    private const int BlockIdBytes = 48;

    private static readonly BlobRequestConditions IfAbsent = new() { IfNoneMatch = ETag.All };

    /// <returns>False when <paramref name="overwrite"/> is off and the blob already exists.</returns>
    public async Task<bool> PutAsync(BlockBlobClient blob, Stream content, long length, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if ((length + blockSize - 1) / blockSize > MaxBlocks)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"An Azure blob holds at most {MaxBlocks} blocks of {blockSize} bytes ({AzureBlobStoreOptions.SectionName}:{nameof(AzureBlobStoreOptions.BlockSizeBytes)}).");
        return length <= blockSize
            ? await PutWholeAsync(blob, content, (int)length, overwrite, cancellationToken)
            : await PutBlocksAsync(blob, content, length, overwrite, cancellationToken);
    }

    private async Task<bool> PutWholeAsync(BlockBlobClient blob, Stream content, int length, bool overwrite, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await ReadBlockAsync(content, buffer.AsMemory(0, length), 0, length, cancellationToken);
            using var body = new MemoryStream(buffer, 0, length, writable: false);
            var upload = new BlobUploadOptions { Conditions = overwrite ? null : IfAbsent };
            await errors.GuardAsync(() => blob.UploadAsync(body, upload, cancellationToken), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (!overwrite && IsAlreadyThere(e))
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<bool> PutBlocksAsync(BlockBlobClient blob, Stream content, long length, bool overwrite, CancellationToken cancellationToken)
    {
        // Staging blocks that the commit would then refuse is wasted transfer: look first, the commit still decides.
        if (!overwrite && await ExistsAsync(blob, cancellationToken))
            return false;

        var upload = Guid.NewGuid();
        var ids = new List<string>();
        var staging = new List<Task>();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (long offset = 0; offset < length; offset += blockSize)
            {
                var size = (int)Math.Min(blockSize, length - offset);
                var buffer = ArrayPool<byte>.Shared.Rent(size);
                try
                {
                    await ReadBlockAsync(content, buffer.AsMemory(0, size), offset, length, abandon.Token);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
                var id = BlockId(upload, ids.Count);
                ids.Add(id);
                staging.Add(StageAsync(blob, id, buffer, size, abandon.Token));
                if (staging.Count >= maxConcurrency)
                {
                    var staged = await Task.WhenAny(staging);
                    staging.Remove(staged);
                    await staged;
                }
            }
            await Task.WhenAll(staging);
        }
        catch
        {
            await abandon.CancelAsync();
            // Every block in flight ends before this upload does: none is staged after it failed, and each buffer is back.
            try
            {
                await Task.WhenAll(staging);
            }
            catch
            {
                // The first failure is the one reported.
            }
            throw;
        }
        return await CommitAsync(blob, ids, overwrite, cancellationToken);
    }

    private async Task StageAsync(BlockBlobClient blob, string id, byte[] buffer, int size, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(buffer, 0, size, writable: false);
            await errors.GuardAsync(() => blob.StageBlockAsync(id, body, options: null, cancellationToken), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<bool> CommitAsync(BlockBlobClient blob, List<string> ids, bool overwrite, CancellationToken cancellationToken)
    {
        try
        {
            var commit = new CommitBlockListOptions { Conditions = overwrite ? null : IfAbsent };
            await errors.GuardAsync(() => blob.CommitBlockListAsync(ids, commit, cancellationToken), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (!overwrite && IsAlreadyThere(e))
        {
            return false;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.InvalidBlockList)
        {
            // A commit discards every staged block it does not hold: another upload of this key committed
            // while this one was staging.
            if (!overwrite && await ExistsAsync(blob, cancellationToken))
                return false;
            throw errors.Unavailable($"dropped the staged blocks of '{blob.Name}' because another write of it committed first", e);
        }
    }

    private async Task<bool> ExistsAsync(BlockBlobClient blob, CancellationToken cancellationToken) =>
        (await errors.GuardAsync(() => blob.ExistsAsync(cancellationToken), cancellationToken)).Value;

    private static bool IsAlreadyThere(RequestFailedException e) =>
        e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.ErrorCode == BlobErrorCode.ConditionNotMet;

    private static async Task ReadBlockAsync(Stream content, Memory<byte> block, long offset, long length, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < block.Length)
        {
            var read = await content.ReadAsync(block[filled..], cancellationToken);
            if (read == 0)
                throw new EndOfStreamException($"The content ended after {offset + filled} bytes, short of the {length} announced; nothing was committed.");
            filled += read;
        }
    }

    private static string BlockId(Guid upload, int index)
    {
        Span<byte> id = stackalloc byte[BlockIdBytes];
        id.Clear();
        upload.TryWriteBytes(id);
        BinaryPrimitives.WriteInt32BigEndian(id[16..], index);
        return Convert.ToBase64String(id);
    }
}
