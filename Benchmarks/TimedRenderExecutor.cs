using RenderFarm.Chunks;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Benchmarks;

/// <summary>
/// A simulated render node: a chunk takes a fixed time per frame, reporting its frames as it goes, as
/// ffmpeg would; the sound and the merge finish at once. No CPU is used, so many nodes fit on one machine.
/// </summary>
internal sealed class TimedRenderExecutor(TimeSpan perFrame) : IRenderExecutor
{
    private static readonly TimeSpan ReportPeriod = TimeSpan.FromMilliseconds(250);

    public async Task<CommittedFile> RenderChunkAsync(ResolvedTimeline timeline, ChunkKey chunk, int lane, FrameRange range, IProgress<int> framesDone, FfmpegRunWatch? watch, CancellationToken cancellationToken, CancellationToken finishEarly)
    {
        var total = perFrame * range.Count;
        var start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) is var elapsed && elapsed < total)
        {
            var left = total - elapsed;
            await Task.Delay(left < ReportPeriod ? left : ReportPeriod, cancellationToken);
            framesDone.Report((int)Math.Min(range.Count, TimeProvider.System.GetElapsedTime(start) / perFrame));
        }
        framesDone.Report(range.Count);
        return new CommittedFile($"timed://{chunk}", 0);
    }

    public Task<CommittedFile> RenderAudioAsync(ResolvedTimeline timeline, Guid jobId, CancellationToken cancellationToken) =>
        Task.FromResult(new CommittedFile($"timed://{jobId:N}/audio", 0));

    public Task<CommittedFile> MergeAsync(ResolvedTimeline timeline, Guid jobId, IReadOnlyList<ChunkFile> chunks, string audioPath, CancellationToken cancellationToken) =>
        Task.FromResult(new CommittedFile($"timed://{jobId:N}/output", 0));
}
