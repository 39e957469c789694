using RenderFarm.Chunks;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Storage;
using RenderFarm.Timelines;

namespace RenderFarm.Benchmarks;

/// <summary>A renderer that finishes at once: what is left to measure is the farm's own machinery.</summary>
internal sealed class InstantRenderExecutor : IRenderExecutor
{
    public Task<CommittedFile> RenderChunkAsync(ResolvedTimeline timeline, ChunkKey chunk, int lane, FrameRange range, IProgress<int> framesDone, FfmpegRunWatch? watch, CancellationToken cancellationToken, CancellationToken finishEarly)
    {
        framesDone.Report(range.Count);
        return Task.FromResult(new CommittedFile($"instant://{chunk}", 0));
    }

    public Task<CommittedFile> RenderAudioAsync(ResolvedTimeline timeline, Guid jobId, CancellationToken cancellationToken) =>
        Task.FromResult(new CommittedFile($"instant://{jobId:N}/audio", 0));

    /// <summary>The job's output named by its store key, as a real merge names it (the job records it); nothing is written.</summary>
    public Task<CommittedFile> MergeAsync(ResolvedTimeline timeline, Guid jobId, IReadOnlyList<ChunkFile> chunks, string audioPath, CancellationToken cancellationToken) =>
        Task.FromResult(new CommittedFile(MediaKeys.Output(jobId, ".mp4"), 0));
}
