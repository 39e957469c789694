namespace RenderFarm.Storage.Gcs;

/// <summary>
/// The next <c>length</c> bytes of a source, as a stream of exactly that length: the uploader learns the size
/// up front, and a source that ends early fails the read, so the upload is never finalized.
/// It may only go back (to resend a chunk) when the source can seek.
/// </summary>
internal sealed class ExactLengthStream : Stream
{
    private readonly Stream source;
    private readonly long start;
    private readonly long length;
    private long position;

    public ExactLengthStream(Stream source, long length)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        this.source = source;
        this.length = length;
        start = source.CanSeek ? source.Position : 0;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = Wanted(buffer.Length);
        return wanted == 0 ? 0 : Advance(source.Read(buffer[..wanted]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = Wanted(buffer.Length);
        return wanted == 0 ? 0 : Advance(await source.ReadAsync(buffer[..wanted], cancellationToken));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, length, nameof(offset));
        if (target == position)
            return position;
        if (!source.CanSeek)
            throw new NotSupportedException($"The content can only be read forward; byte {target} was asked for at byte {position}.");
        source.Position = start + target;
        return position = target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Wanted(int count) => (int)Math.Min(count, length - position);

    private int Advance(int read)
    {
        if (read == 0)
            throw new EndOfStreamException($"The content ended {length - position} bytes short of the {length} announced.");
        position += read;
        return read;
    }
}
