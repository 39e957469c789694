using System.Text;
using RenderFarm.Rendering;

namespace RenderFarm.Nodes;

/// <summary>
/// One attempt's ffmpeg log as it is written: line by line to a file others may read meanwhile, kept to
/// about its last <c>maxBytes</c> (once it grows a quarter past that, the oldest lines are dropped and the
/// file starts with <see cref="DroppedMarker"/>).
/// </summary>
public sealed class AttemptLogFile : IFfmpegLog, IDisposable
{
    public const string DroppedMarker = "[earlier lines dropped]";

    private readonly Lock writing = new();
    private readonly string path;
    private readonly int maxBytes;
    private readonly Action<AttemptLogFile> closed;
    private FileStream? stream;

    public AttemptLogFile(string path, int maxBytes, Action<AttemptLogFile> closed)
    {
        this.path = path;
        this.maxBytes = maxBytes;
        this.closed = closed;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        stream = Open(FileMode.Create);
    }

    public string Path => path;

    public void Line(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (writing)
        {
            if (stream is null)
                return;
            stream.Write(bytes);
            stream.Flush();
            if (stream.Length > maxBytes + maxBytes / 4)
                DropOldest();
        }
    }

    /// <summary>Rewrites the file with its last <c>maxBytes</c> from a line's start, then carries on appending.</summary>
    private void DropOldest()
    {
        var keep = new byte[maxBytes];
        stream!.Seek(-maxBytes, SeekOrigin.End);
        stream.ReadExactly(keep);
        var start = Array.IndexOf(keep, (byte)'\n') + 1;
        stream.Dispose();
        var rewritten = path + ".tmp";
        using (var file = new FileStream(rewritten, FileMode.Create, FileAccess.Write))
        {
            file.Write(Encoding.UTF8.GetBytes(DroppedMarker + "\n"));
            file.Write(keep.AsSpan(start));
        }
        File.Move(rewritten, path, overwrite: true);
        stream = Open(FileMode.Open);
        stream.Seek(0, SeekOrigin.End);
    }

    private FileStream Open(FileMode mode) => new(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    public void Dispose()
    {
        lock (writing)
        {
            stream?.Dispose();
            stream = null;
        }
        closed(this);
    }
}
