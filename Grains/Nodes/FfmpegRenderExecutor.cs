using Microsoft.Extensions.Options;
using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Storage;
using RenderFarm.Timelines;

namespace RenderFarm.Nodes;

/// <summary>Renders with ffmpeg in the node's work folder and commits the verified result to the media store.</summary>
public sealed class FfmpegRenderExecutor(
    FfmpegRunner runner,
    IMediaStore store,
    IOptions<RenderNodeOptions> nodeOptions,
    IOptions<RenderEngineOptions> engineOptions) : IRenderExecutor
{
    private readonly ChunkRenderer chunkRenderer = new(runner, engineOptions.Value, nodeOptions.Value.ThreadsPerSlot);
    private readonly AudioRenderer audioRenderer = new(runner);
    private readonly ChunkMerger merger = new(runner);

    public async Task<string> RenderChunkAsync(ResolvedTimeline timeline, ChunkKey chunk, int lane, FrameRange range, IProgress<int> framesDone, CancellationToken cancellationToken)
    {
        var extension = EncodingProfiles.Resolve(timeline.Timeline.Render).ChunkExtension;
        var local = LocalFile(lane == ChunkKey.PrimaryLane ? $"{chunk.JobId:N}-{chunk.Index}{extension}" : $"{chunk.JobId:N}-{chunk.Index}-lane{lane}{extension}");
        try
        {
            await chunkRenderer.RenderAsync(timeline, range, local, framesDone, cancellationToken);
            var storePath = store.ChunkPath(chunk, extension);
            await store.CommitAsync(local, storePath, replace: false, cancellationToken);
            return storePath;
        }
        finally
        {
            File.Delete(local);
        }
    }

    public async Task<string> RenderAudioAsync(ResolvedTimeline timeline, Guid jobId, CancellationToken cancellationToken)
    {
        var extension = EncodingProfiles.Resolve(timeline.Timeline.Render).AudioExtension;
        var local = LocalFile($"{jobId:N}-audio{extension}");
        try
        {
            await audioRenderer.RenderAsync(timeline, local, cancellationToken);
            var storePath = store.AudioPath(jobId, extension);
            await store.CommitAsync(local, storePath, replace: true, cancellationToken);
            return storePath;
        }
        finally
        {
            File.Delete(local);
        }
    }

    public async Task<string> MergeAsync(ResolvedTimeline timeline, Guid jobId, IReadOnlyList<ChunkFile> chunks, string audioPath, CancellationToken cancellationToken)
    {
        var extension = EncodingProfiles.Resolve(timeline.Timeline.Render).OutputExtension;
        var local = LocalFile($"{jobId:N}-output{extension}");
        try
        {
            await merger.MergeAsync(timeline, chunks, audioPath, local, cancellationToken);
            var storePath = store.OutputPath(jobId, extension);
            await store.CommitAsync(local, storePath, replace: true, cancellationToken);
            return storePath;
        }
        finally
        {
            File.Delete(local);
        }
    }

    private string LocalFile(string name)
    {
        Directory.CreateDirectory(nodeOptions.Value.WorkDirectory);
        return Path.Combine(nodeOptions.Value.WorkDirectory, name);
    }
}
