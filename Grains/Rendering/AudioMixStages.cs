using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// A mix of more pieces of sound than one ffmpeg run should open, cut into stages: the pieces in time
/// order, a group at a time, are mixed into lossless 32-bit float intermediates covering only their
/// group's stretch, which are mixed again the same way until one run can take them all. Summing with
/// no normalisation makes the stages' sum the one-run sum, to float rounding.
/// </summary>
public static class AudioMixStages
{
    /// <summary>An intermediate's output options: float samples, in Wave64 so that a long stretch passes 4 GiB.</summary>
    public static readonly IReadOnlyList<string> Intermediate = ["-c:a", "pcm_f32le", "-f", "w64"];

    /// <summary>
    /// The runs that reduce <paramref name="pieces"/> to at most <paramref name="maxInputs"/>, in order
    /// (each reads only files of earlier runs or the timeline's own), and the pieces left for the final mix.
    /// </summary>
    public static (IReadOnlyList<FfmpegCommand> Runs, IReadOnlyList<SoundPlacement> Final) Plan(
        IReadOnlyList<SoundPlacement> pieces, AudioFormat audio, int maxInputs, Func<int, string> intermediatePath)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInputs, 2);
        var runs = new List<FfmpegCommand>();
        var level = pieces.OrderBy(p => p.Start).ToList();
        while (level.Count > maxInputs)
        {
            var next = new List<SoundPlacement>();
            foreach (var group in level.Chunk(maxInputs))
            {
                var from = group.Min(p => p.Start);
                var length = group.Max(p => p.End) - from;
                var path = intermediatePath(runs.Count);
                runs.Add(AudioMixGraph.Mix(group, audio, from, length, Intermediate, path));
                next.Add(new SoundPlacement(path, SourceStart: 0, from, length, Volume: 1.0, FadeIn: 0, FadeOut: 0));
            }
            level = next.OrderBy(p => p.Start).ToList();
        }
        return (runs, level);
    }
}
