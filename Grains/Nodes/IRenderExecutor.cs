using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Nodes;

/// <summary>
/// The long work a node does for its grains: render a chunk, the sound, or the merge, each committed
/// to the media store. Returns the committed file's store path.
/// </summary>
public interface IRenderExecutor
{
    /// <summary>Renders a chunk; the first lane to commit it wins and a later one keeps the committed file.</summary>
    Task<string> RenderChunkAsync(ResolvedTimeline timeline, ChunkKey chunk, int lane, FrameRange range, IProgress<int> framesDone, CancellationToken cancellationToken);

    Task<string> RenderAudioAsync(ResolvedTimeline timeline, Guid jobId, CancellationToken cancellationToken);

    Task<string> MergeAsync(ResolvedTimeline timeline, Guid jobId, IReadOnlyList<ChunkFile> chunks, string audioPath, CancellationToken cancellationToken);
}
