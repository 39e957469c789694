using System.IO.Pipelines;

namespace RenderFarm.Storage.Gcs;

/// <summary>
/// A download that writes into a stream, turned into a stream to read: the download runs as the reader reads
/// (held back once a little is buffered), and stops when the reader disposes of it. Opening waits for the
/// first bytes or the end, so a download that fails at once (no such object) fails the open.
/// </summary>
internal sealed class PipedDownload : Stream
{
    private const int BufferedBytes = 1 << 20;

    private readonly Pipe pipe;
    private readonly Stream reader;
    private readonly CancellationTokenSource stop;
    private readonly Task download;

    private PipedDownload(Func<Stream, CancellationToken, Task> write, Func<Exception, Exception> translate)
    {
        pipe = new Pipe(new PipeOptions(pauseWriterThreshold: BufferedBytes, resumeWriterThreshold: BufferedBytes / 2, useSynchronizationContext: false));
        reader = pipe.Reader.AsStream(leaveOpen: true);
        stop = new CancellationTokenSource();
        download = Task.Run(async () =>
        {
            try
            {
                await using (var writer = pipe.Writer.AsStream(leaveOpen: true))
                    await write(writer, stop.Token);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(translate(e));
            }
        });
    }

    /// <param name="write">Writes the object into the stream it is given.</param>
    /// <param name="translate">What a failure of <paramref name="write"/> is to the reader.</param>
    public static async Task<Stream> OpenAsync(Func<Stream, CancellationToken, Task> write, Func<Exception, Exception> translate, CancellationToken cancellationToken)
    {
        var opened = new PipedDownload(write, translate);
        try
        {
            var first = await opened.pipe.Reader.ReadAsync(cancellationToken);
            opened.pipe.Reader.AdvanceTo(first.Buffer.Start);
            return opened;
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => reader.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => reader.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        reader.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        reader.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Stop();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        Stop();
        await download;
        stop.Dispose();
        await base.DisposeAsync();
    }

    private void Stop()
    {
        if (stop.IsCancellationRequested)
            return;
        stop.Cancel();
        pipe.Reader.Complete();
    }
}
