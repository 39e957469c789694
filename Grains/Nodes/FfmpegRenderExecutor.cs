using Microsoft.Extensions.Options;
using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Storage;
using RenderFarm.Storage.Cache;
using RenderFarm.Timelines;

namespace RenderFarm.Nodes;

/// <summary>
/// Renders with ffmpeg in the node's work folder, from assets in place or from the node's copies of
/// uploaded ones, and commits the verified result to the media store.
/// </summary>
public sealed class FfmpegRenderExecutor(
    FfmpegRunner runner,
    IMediaStore store,
    AssetCache cache,
    IOptions<RenderNodeOptions> nodeOptions,
    IOptions<RenderEngineOptions> engineOptions,
    IOptions<WorkLimits> limits) : IRenderExecutor
{
    private readonly ChunkRenderer chunkRenderer = new(runner, engineOptions.Value, nodeOptions.Value.ThreadsPerSlot, nodeOptions.Value.Thumbnails);
    private readonly AudioRenderer audioRenderer = new(runner, limits.Value.MaxInputsPerRun);
    private readonly ChunkMerger merger = new(runner);

    public async Task<CommittedFile> RenderChunkAsync(
        ResolvedTimeline timeline, ChunkKey chunk, int lane, FrameRange range, IProgress<int> framesDone, FfmpegRunWatch? watch, CancellationToken cancellationToken, CancellationToken finishEarly)
    {
        var extension = EncodingProfiles.Resolve(timeline.Timeline.Render).ChunkExtension;
        var local = LocalFile(lane == ChunkKey.PrimaryLane ? $"{chunk.JobId:N}-{chunk.Index}{extension}" : $"{chunk.JobId:N}-{chunk.Index}-lane{lane}{extension}");
        try
        {
            MediaFacts facts;
            using (var localized = await AssetLocalizer.ForChunkAsync(timeline, range, cache, cancellationToken))
                facts = await chunkRenderer.RenderAsync(localized.Timeline, range, local, framesDone, cancellationToken, finishEarly, watch);
            if (facts.VideoFrames >= range.Count)
                return await CommitAsync(local, MediaKeys.Chunk(chunk, extension), replace: false, hash: false, cancellationToken);
            var frames = (int)facts.VideoFrames;
            return await CommitAsync(local, MediaKeys.ChunkPart(chunk, frames, extension), replace: false, hash: false, cancellationToken) with { Frames = frames };
        }
        finally
        {
            File.Delete(local);
        }
    }

    public async Task<CommittedFile> RenderAudioAsync(ResolvedTimeline timeline, Guid jobId, CancellationToken cancellationToken)
    {
        var extension = EncodingProfiles.Resolve(timeline.Timeline.Render).AudioExtension;
        var local = LocalFile($"{jobId:N}-audio{extension}");
        try
        {
            using (var localized = await AssetLocalizer.ForSoundAsync(timeline, cache, cancellationToken))
                await audioRenderer.RenderAsync(localized.Timeline, local, cancellationToken);
            return await CommitAsync(local, MediaKeys.Audio(jobId, extension), replace: true, hash: false, cancellationToken);
        }
        finally
        {
            File.Delete(local);
        }
    }

    public async Task<CommittedFile> MergeAsync(ResolvedTimeline timeline, Guid jobId, IReadOnlyList<ChunkFile> chunks, string audioKey, CancellationToken cancellationToken)
    {
        var extension = EncodingProfiles.Resolve(timeline.Timeline.Render).OutputExtension;
        var local = LocalFile($"{jobId:N}-output{extension}");
        var inputs = new List<LocalMediaFile>();
        try
        {
            var work = Path.Combine(nodeOptions.Value.WorkDirectory, $"{jobId:N}-merge");
            var localChunks = new List<ChunkFile>();
            foreach (var chunk in chunks)
            {
                var file = await store.FetchAsync(chunk.Path, work, cancellationToken);
                inputs.Add(file);
                localChunks.Add(chunk with { Path = file.Path });
            }
            var audio = await store.FetchAsync(audioKey, work, cancellationToken);
            inputs.Add(audio);
            await merger.MergeAsync(timeline, localChunks, audio.Path, local, cancellationToken);
            return await CommitAsync(local, MediaKeys.Output(jobId, extension), replace: true, hash: true, cancellationToken);
        }
        finally
        {
            inputs.ForEach(input => input.Dispose());
            File.Delete(local);
        }
    }

    private async Task<CommittedFile> CommitAsync(string local, string key, bool replace, bool hash, CancellationToken cancellationToken)
    {
        var bytes = new FileInfo(local).Length;
        var sha256 = hash ? await ContentHash.OfFileAsync(local, cancellationToken) : null;
        await store.CommitAsync(local, key, replace, cancellationToken);
        return new CommittedFile(key, bytes, sha256);
    }

    private string LocalFile(string name)
    {
        Directory.CreateDirectory(nodeOptions.Value.WorkDirectory);
        return Path.Combine(nodeOptions.Value.WorkDirectory, name);
    }
}
