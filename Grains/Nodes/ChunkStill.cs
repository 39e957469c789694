using RenderFarm.Jobs;
using RenderFarm.Rendering;

namespace RenderFarm.Nodes;

/// <summary>
/// The still a running chunk's ffmpeg keeps rewriting (<see cref="StillOutput"/>), read when it has changed
/// since the last read: a complete JPEG no larger than the limit, else nothing.
/// </summary>
internal sealed class ChunkStill(FfmpegRunWatch watch, int maxBytes)
{
    private (DateTime WrittenAt, long Length) last;

    /// <param name="frame">The timeline frame the render has reached, which the still shows about.</param>
    public JobThumbnail? TakeNew(int chunkIndex, int frame, DateTimeOffset now)
    {
        if (watch.StillPath is not { } path)
            return null;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || (file.LastWriteTimeUtc, file.Length) == last)
                return null;
            last = (file.LastWriteTimeUtc, file.Length);
            if (file.Length > maxBytes)
                return null;
            var jpeg = File.ReadAllBytes(path);
            return JpegSize.Read(jpeg) is var (width, height) ? new JobThumbnail(jpeg, width, height, frame, chunkIndex, now) : null;
        }
        catch (IOException)
        {
            // Replaced or removed as it was read: the next report reads the next one.
            return null;
        }
    }
}
