using System.Diagnostics;
using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>Frames rendered so far out of the timeline's total.</summary>
public sealed record RenderProgress(int FramesDone, int TotalFrames, string Stage);

/// <summary>The finished file and where the time went.</summary>
public sealed record RenderReport(
    string OutputPath,
    MediaFacts Output,
    IReadOnlyList<FrameRange> Chunks,
    TimeSpan ChunkTime,
    TimeSpan AudioTime,
    TimeSpan MergeTime,
    TimeSpan TotalTime);

/// <summary>
/// Renders a timeline on this machine: the chunks one after another (or a few at once), the sound
/// once, then the merge. The farm runs the same three steps spread over many nodes.
/// </summary>
/// <param name="threadsPerChunk">Threads each chunk's ffmpeg encodes with; ffmpeg's own choice when null.</param>
public sealed class RenderEngine(FfmpegRunner runner, RenderEngineOptions options, int? threadsPerChunk = null)
{
    private readonly ChunkRenderer chunkRenderer = new(runner, options, threadsPerChunk);
    private readonly AudioRenderer audioRenderer = new(runner);
    private readonly ChunkMerger merger = new(runner);

    public async Task<RenderReport> RenderAsync(
        ResolvedTimeline timeline,
        IReadOnlyList<FrameRange> chunks,
        string outputPath,
        IProgress<RenderProgress>? progress = null,
        int parallelChunks = 1,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        var total = Stopwatch.StartNew();
        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, "render-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var profile = EncodingProfiles.Resolve(timeline.Timeline.Render);
            var totalFrames = timeline.Output.DurationFrames;

            var audioWatch = Stopwatch.StartNew();
            progress?.Report(new RenderProgress(0, totalFrames, "audio"));
            var audioPath = Path.Combine(work, "audio" + profile.AudioExtension);
            await audioRenderer.RenderAsync(timeline, audioPath, cancellationToken);
            audioWatch.Stop();

            var chunkWatch = Stopwatch.StartNew();
            var done = new int[chunks.Count];
            var files = chunks.Select((range, i) => new ChunkFile(range, Path.Combine(work, $"chunk-{i:D4}{profile.ChunkExtension}"))).ToList();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, chunks.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelChunks), CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var frames = new SynchronousProgress<int>(n =>
                    {
                        Volatile.Write(ref done[i], n);
                        progress?.Report(new RenderProgress(done.Sum(), totalFrames, "video"));
                    });
                    await chunkRenderer.RenderAsync(timeline, chunks[i], files[i].Path, frames, ct);
                });
            chunkWatch.Stop();

            var mergeWatch = Stopwatch.StartNew();
            progress?.Report(new RenderProgress(totalFrames, totalFrames, "merge"));
            var facts = await merger.MergeAsync(timeline, files, audioPath, outputPath, cancellationToken);
            mergeWatch.Stop();

            return new RenderReport(outputPath, facts, chunks, chunkWatch.Elapsed, audioWatch.Elapsed, mergeWatch.Elapsed, total.Elapsed);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, which posts to a context.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
