using RenderFarm.Chunks;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Storage;
using RenderFarm.Timelines;

namespace RenderFarm.Benchmarks;

/// <summary>A prepared file that a job's merge stores as its output, with its size and SHA-256.</summary>
internal sealed record PreparedOutput(string Path, long Bytes, string Sha256);

/// <summary>
/// Chunks and sound that finish at once, and a merge that stores a prepared file as the job's output:
/// a completed job whose output is in the store, for the download path to read back.
/// </summary>
internal sealed class StoredOutputRenderExecutor(IMediaStore store, PreparedOutput output) : IRenderExecutor
{
    public Task<CommittedFile> RenderChunkAsync(ResolvedTimeline timeline, ChunkKey chunk, int lane, FrameRange range, IProgress<int> framesDone, FfmpegRunWatch? watch, CancellationToken cancellationToken, CancellationToken finishEarly)
    {
        framesDone.Report(range.Count);
        return Task.FromResult(new CommittedFile($"instant://{chunk}", 0));
    }

    public Task<CommittedFile> RenderAudioAsync(ResolvedTimeline timeline, Guid jobId, CancellationToken cancellationToken) =>
        Task.FromResult(new CommittedFile($"instant://{jobId:N}/audio", 0));

    public async Task<CommittedFile> MergeAsync(ResolvedTimeline timeline, Guid jobId, IReadOnlyList<ChunkFile> chunks, string audioPath, CancellationToken cancellationToken)
    {
        var key = MediaKeys.Output(jobId, ".mp4");
        await using var content = new FileStream(output.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await store.Objects.PutAsync(key, content, output.Bytes, overwrite: true, cancellationToken);
        return new CommittedFile(key, output.Bytes, output.Sha256);
    }
}
