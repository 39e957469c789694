using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// Renders one frame range to a chunk file: ffmpeg writes a temporary name, the result is verified,
/// and only then is it renamed into place, so a cancelled or failed render never leaves a file that
/// looks finished. Rendering the same range twice commits the same content to the same path.
/// </summary>
/// <param name="threads">Threads ffmpeg encodes and filters with; its own choice (every core) when null.</param>
public sealed class ChunkRenderer(FfmpegRunner runner, RenderEngineOptions options, int? threads = null)
{
    private readonly VideoChunkGraph graph = new(options.FontFile, threads);

    public async Task<MediaFacts> RenderAsync(
        ResolvedTimeline timeline,
        FrameRange range,
        string committedPath,
        IProgress<int>? framesDone,
        CancellationToken cancellationToken)
    {
        var profile = EncodingProfiles.Resolve(timeline.Timeline.Render);
        var output = timeline.Output;
        var temporary = TemporaryFile.Beside(committedPath);
        var job = graph.Build(timeline, range, profile, temporary);
        try
        {
            foreach (var text in job.TextFiles)
                await File.WriteAllTextAsync(text.Path, text.Text, cancellationToken);

            var progress = framesDone is null ? null : new SynchronousProgress<int>(frames => framesDone.Report(Math.Min(range.Count, frames)));
            await runner.RunAsync(job.Command, progress, cancellationToken);

            var expected = new ExpectedVideo(range.Count, output.Width, output.Height, profile.ProbedVideoCodec, output.FrameRate);
            var facts = await MediaVerifier.VerifyChunkAsync(temporary, expected, cancellationToken);
            File.Move(temporary, committedPath, overwrite: true);
            framesDone?.Report(range.Count);
            return facts;
        }
        finally
        {
            TemporaryFile.Delete(temporary);
            foreach (var text in job.TextFiles)
                TemporaryFile.Delete(text.Path);
        }
    }
}
