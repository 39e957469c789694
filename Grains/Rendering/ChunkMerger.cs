using System.Text;
using RenderFarm.Timelines;
using static RenderFarm.Rendering.FilterText;

namespace RenderFarm.Rendering;

/// <summary>
/// Joins verified chunks without re-encoding (concat demuxer, stream copy), muxes the separately
/// rendered sound, verifies the whole against the timeline and commits it atomically.
/// </summary>
public sealed class ChunkMerger(FfmpegRunner runner)
{
    public async Task<MediaFacts> MergeAsync(
        ResolvedTimeline timeline,
        IReadOnlyList<ChunkFile> chunks,
        string audioPath,
        string outputPath,
        CancellationToken cancellationToken)
    {
        var output = timeline.Output;
        // Frame order, not the order the chunks were planned in: the rest of a chunk cut short comes later in the plan.
        chunks = chunks.OrderBy(c => c.Range.Start).ToList();
        CheckCoverage(chunks, output.DurationFrames);
        var profile = EncodingProfiles.Resolve(timeline.Timeline.Render);
        var temporary = TemporaryFile.Beside(outputPath);
        var listPath = temporary + ".ffconcat";
        try
        {
            await File.WriteAllTextAsync(listPath, ConcatList(chunks, output.FrameRate), cancellationToken);
            string[] containerOptions = profile.Container switch
            {
                Container.Mkv => ["-f", "matroska"],
                Container.Mov => ["-video_track_timescale", Number(Timescale.For(output.FrameRate)), "-movflags", "+faststart", "-f", "mov"],
                _ => ["-video_track_timescale", Number(Timescale.For(output.FrameRate)), "-movflags", "+faststart", "-f", "mp4"],
            };
            var command = new FfmpegCommand(
                GlobalOptions: [],
                Inputs:
                [
                    new FfmpegInput(listPath, ["-f", "concat", "-safe", "0", "-protocol_whitelist", "file"]),
                    MediaInputs.File(audioPath),
                ],
                FilterGraph: null,
                OutputOptions: ["-map", "0:v:0", "-map", "1:a:0", "-c", "copy", "-map_metadata", "-1", .. containerOptions],
                OutputPath: temporary)
            {
                Reads = chunks.Select(chunk => chunk.Path).ToList(),
            };
            await runner.RunAsync(command, framesEncoded: null, cancellationToken);

            var expected = new ExpectedVideo(output.DurationFrames, output.Width, output.Height, profile.ProbedVideoCodec, output.FrameRate);
            var facts = await MediaVerifier.VerifyFinalAsync(temporary, expected, output.Audio, cancellationToken);
            File.Move(temporary, outputPath, overwrite: true);
            return facts;
        }
        finally
        {
            TemporaryFile.Delete(temporary);
            TemporaryFile.Delete(listPath);
        }
    }

    /// <summary>Chunks must tile the timeline exactly: no gap, no overlap.</summary>
    private static void CheckCoverage(IReadOnlyList<ChunkFile> chunks, int durationFrames)
    {
        var next = 0;
        foreach (var chunk in chunks)
        {
            if (chunk.Range.Start != next)
                throw new ArgumentException($"chunk {chunk.Range} does not start at frame {next}", nameof(chunks));
            next = chunk.Range.End;
        }
        if (next != durationFrames)
            throw new ArgumentException($"chunks end at frame {next}, the timeline at {durationFrames}", nameof(chunks));
    }

    /// <summary>Each entry's duration comes from its exact frame count, not from the container's rounded duration.</summary>
    private static string ConcatList(IReadOnlyList<ChunkFile> chunks, Rational frameRate)
    {
        var list = new StringBuilder("ffconcat version 1.0\n");
        foreach (var chunk in chunks)
        {
            var path = Path.GetFullPath(chunk.Path).Replace("'", @"'\''", StringComparison.Ordinal);
            list.Append($"file '{path}'\nduration {Number(frameRate.SecondsAt(chunk.Range.Count))}\n");
        }
        return list.ToString();
    }
}
