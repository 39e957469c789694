namespace RenderFarm.Storage.Azure;

/// <summary>A blob's download, whose read failures are reported as the store's, like those of any other request.</summary>
internal sealed class AzureBlobReadStream(Stream download, AzureBlobErrors errors) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return download.Read(buffer, offset, count);
        }
        catch (Exception e) when (errors.Map(e, CancellationToken.None) is { } mapped)
        {
            throw mapped;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await download.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (errors.Map(e, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
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
            download.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await download.DisposeAsync();
        await base.DisposeAsync();
    }
}
