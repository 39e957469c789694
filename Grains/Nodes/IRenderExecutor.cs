using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Nodes;

/// <summary>
/// The long work a node does for its grains: render a chunk, the sound, or the merge, each committed
/// to the media store. Returns the committed file: its store key, size and (for the output) SHA-256.
/// </summary>
public interface IRenderExecutor
{
    /// <summary>
    /// Renders a chunk; the first lane to commit it wins and a later one keeps the committed file. Asked
    /// to <paramref name="finishEarly"/>, it commits the frames finished so far under a key of their own
    /// and says how many (<see cref="CommittedFile.Frames"/>); having finished none, it throws <see cref="OperationCanceledException"/>.
    /// <paramref name="watch"/> gets ffmpeg's log and, with thumbnails on, where the run's still is.
    /// </summary>
    Task<CommittedFile> RenderChunkAsync(
        ResolvedTimeline timeline, ChunkKey chunk, int lane, FrameRange range, IProgress<int> framesDone, FfmpegRunWatch? watch, CancellationToken cancellationToken, CancellationToken finishEarly);

    Task<CommittedFile> RenderAudioAsync(ResolvedTimeline timeline, Guid jobId, CancellationToken cancellationToken);

    /// <param name="chunks">The chunks' store keys, in order.</param>
    /// <param name="audioKey">The sound's store key.</param>
    Task<CommittedFile> MergeAsync(ResolvedTimeline timeline, Guid jobId, IReadOnlyList<ChunkFile> chunks, string audioKey, CancellationToken cancellationToken);
}
