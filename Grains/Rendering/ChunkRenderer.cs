using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// Renders one frame range to a chunk file: ffmpeg writes a temporary name, the result is verified,
/// and only then is it renamed into place, so a cancelled or failed render never leaves a file that
/// looks finished. Rendering the same range twice commits the same content to the same path. A render
/// asked to finish early commits the frames it finished, [start, start + k): a chunk of its own, which
/// starts on a keyframe like every chunk because each is encoded on its own.
/// </summary>
/// <param name="threads">Threads ffmpeg encodes and filters with; its own choice (every core) when null.</param>
/// <param name="thumbnails">The still a watched render writes beside its chunk (<see cref="StillOutput"/>); none when null or off.</param>
public sealed class ChunkRenderer(FfmpegRunner runner, RenderEngineOptions options, int? threads = null, ThumbnailOptions? thumbnails = null)
{
    private readonly VideoChunkGraph graph = new(options.FontFile, threads);

    public async Task<MediaFacts> RenderAsync(
        ResolvedTimeline timeline,
        FrameRange range,
        string committedPath,
        IProgress<int>? framesDone,
        CancellationToken cancellationToken,
        CancellationToken finishEarly = default,
        FfmpegRunWatch? watch = null)
    {
        var profile = EncodingProfiles.Resolve(timeline.Timeline.Render);
        var output = timeline.Output;
        var temporary = TemporaryFile.Beside(committedPath);
        var still = watch is not null && thumbnails is { Enabled: true } ? StillOutput.For(output, thumbnails, Path.ChangeExtension(temporary, ".still.jpg")) : null;
        var job = graph.Build(timeline, range, profile, temporary, still);
        if (still is not null)
            watch!.StillFileName = Path.GetFileName(still.Path);
        try
        {
            foreach (var text in job.TextFiles)
                await File.WriteAllTextAsync(text.Path, text.Text, cancellationToken);

            var progress = framesDone is null ? null : new SynchronousProgress<int>(frames => framesDone.Report(Math.Min(range.Count, frames)));
            var early = await runner.RunAsync(job.Command, progress, cancellationToken, finishEarly, watch);
            var frames = early ? await FramesWrittenAsync(temporary, range.Count, cancellationToken) : range.Count;
            if (frames == 0)
                throw new OperationCanceledException($"the render of {range} was stopped before it finished a frame");

            // A render stopped early is verified like any: the frames it holds, from the range's start.
            var expected = new ExpectedVideo(frames, output.Width, output.Height, profile.ProbedVideoCodec, output.FrameRate);
            var facts = await MediaVerifier.VerifyChunkAsync(temporary, expected, cancellationToken);
            File.Move(temporary, committedPath, overwrite: true);
            framesDone?.Report(frames);
            return facts;
        }
        finally
        {
            TemporaryFile.Delete(temporary);
            if (still is not null)
            {
                TemporaryFile.Delete(still.Path);
                TemporaryFile.Delete(still.Path + ".tmp");
            }
            foreach (var text in job.TextFiles)
                TemporaryFile.Delete(text.Path);
        }
    }

    /// <summary>The frames a render stopped early left in its file; none when it never wrote a readable one.</summary>
    private static async Task<int> FramesWrittenAsync(string path, int asked, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return 0;
        try
        {
            return (int)Math.Min(asked, (await MediaProbe.ProbeAsync(path, cancellationToken)).VideoFrames);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return 0;
        }
    }
}
