using System.Security.Cryptography;
using RenderFarm.Media;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Uploads;

/// <summary>
/// An upload's parts read from the store one after another as one stream, hashed on the way. The last
/// read fails when the whole is not the bytes the upload's SHA-256 names, so a store that commits only
/// once it has read its content to the end never commits a wrong asset.
/// </summary>
internal sealed class PartsStream(IObjectStore store, string sha256, long size) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private Stream? current;
    private int nextPart;
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => size;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (position < size)
        {
            current ??= await store.OpenReadAsync(MediaKeys.UploadPart(sha256, nextPart++), 0, cancellationToken);
            var wanted = (int)Math.Min(buffer.Length, size - position);
            var read = await current.ReadAsync(buffer[..wanted], cancellationToken);
            if (read == 0)
            {
                await current.DisposeAsync();
                current = null;
                if (nextPart >= UploadRules.PartCount(size))
                    throw new UploadRefusedException($"The parts of {sha256} end at byte {position} of {size}.");
                continue;
            }
            hash.AppendData(buffer.Span[..read]);
            position += read;
            if (position == size)
                Verify();
            return read;
        }
        return 0;
    }

    private void Verify()
    {
        var actual = ContentHash.Of(hash);
        if (actual != sha256)
            throw new UploadRefusedException($"The bytes uploaded for {sha256} are not that file: their SHA-256 is {actual}.");
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            current?.Dispose();
            hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
