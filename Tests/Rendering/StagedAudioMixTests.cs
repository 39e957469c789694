using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

/// <summary>Many pieces of sound mixed in stages, so that no ffmpeg run opens them all, sound as one run would.</summary>
public sealed class StagedAudioMixTests
{
    [Fact]
    public void Five_thousand_pieces_are_mixed_in_runs_of_at_most_the_bound()
    {
        var pieces = Enumerable.Range(0, 5000).Select(i => new SoundPlacement($"/media/{i}.wav", 0, i * 4800L, 9600, 1.0, 0, 0)).ToList();

        var (runs, final) = AudioMixStages.Plan(pieces, new AudioFormat(), maxInputs: 64, run => $"/work/stage{run}.w64");

        Assert.All(runs, run => Assert.InRange(run.Inputs.Count, 1, 64));
        Assert.Equal(79 + 2, runs.Count);
        Assert.Equal(2, final.Count);
        Assert.Equal(0, final.Min(p => p.Start));
        Assert.Equal(pieces.Max(p => p.End), final.Max(p => p.End));
        // Every intermediate is read by exactly one later run or by the final mix.
        var read = runs.SelectMany(r => r.Inputs.Select(i => i.Path)).Concat(final.Select(p => p.Path)).Where(p => p.StartsWith("/work/", StringComparison.Ordinal));
        Assert.Equal(runs.Select(r => r.OutputPath).Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_mix_in_stages_sounds_as_the_mix_in_one_run()
    {
        // Twelve overlapping pieces of the two tones, with fades and gains: three levels at three inputs a run.
        var tracks = Enumerable.Range(0, 12).Select(i => new AudioTrack
        {
            Clips = [new AudioClip { Asset = i % 2 == 0 ? "a" : "b", SourceIn = i, Start = i * 7, Duration = 40, Volume = 0.1 + 0.05 * i, FadeIn = 5, FadeOut = 8 }],
        }).ToList();
        var timeline = await SampleMedia.ResolveAsync(new Timeline
        {
            Version = 1,
            Output = new OutputSpec { Width = 320, Height = 180, FrameRate = new Rational(30, 1), DurationFrames = 150 },
            Assets = new Dictionary<string, AssetRef> { ["a"] = new() { Path = "a.mp4" }, ["b"] = new() { Path = "b.mp4" } },
            AudioTracks = tracks,
            Render = new RenderSettings { Preset = QualityPreset.Draft },
        });
        using var directory = new TestDirectory("staged-mix");
        var token = TestContext.Current.CancellationToken;

        await new AudioRenderer(new FfmpegRunner(), maxInputsPerRun: 64).RenderAsync(timeline, directory.File("one.m4a"), token);
        await new AudioRenderer(new FfmpegRunner(), maxInputsPerRun: 3).RenderAsync(timeline, directory.File("staged.m4a"), token);

        var one = await SamplesAsync(directory.File("one.m4a"));
        var staged = await SamplesAsync(directory.File("staged.m4a"));
        Assert.Equal(one.Length, staged.Length);
        var peak = one.Max(Math.Abs);
        Assert.True(peak > 0.1, $"the mix is nearly silent (peak {peak})");
        var worst = one.Zip(staged, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 0.01 * peak, $"the staged mix differs by {worst} at a peak of {peak}");
        Assert.Empty(Directory.GetFiles(directory.Path, "*.w64"));
    }

    private static async Task<float[]> SamplesAsync(string path)
    {
        var bytes = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0:a", "-f", "f32le", "-"]);
        var samples = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 4);
        return samples;
    }
}
