using RenderFarm.Costs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;
using static RenderFarm.Tests.Costs.CostTimelines;

namespace RenderFarm.Tests.Costs;

/// <summary>The model's defaults, and its calibration from finished attempts.</summary>
public sealed class CostModelFitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_defaults_are_sane_before_any_calibration()
    {
        var model = CostModel.Defaults;
        var timeline = PlainCut(600);
        var seconds = (int frames) => model.ReferenceSeconds(WorkFeatureCounter.ForChunk(timeline, new FrameRange(0, frames)));

        // Ten seconds of 1080p at the standard preset on one thread: seconds to a minute or so, not milliseconds or hours.
        Assert.InRange(seconds(300), 5, 120);
        // Longer chunks take longer, but less than proportionally (the chunk's fixed cost).
        Assert.True(seconds(600) > seconds(300) && seconds(600) < 2 * seconds(300));
        Assert.True(model.ReferenceSeconds(WorkFeatureCounter.ForChunk(PlainCut(300, QualityPreset.High), new FrameRange(0, 300))) > seconds(300));
        Assert.InRange(model.ReferenceSeconds(WorkFeatureCounter.ForMerge(timeline)), 0.1, seconds(600) / 4);
        Assert.Equal(0, model.Samples);
        Assert.True(model.RelativeError >= 0.3, "uncalibrated defaults should not claim to be precise");
        // A node twice as fast as the reference takes half as long; one that measured nothing, the reference's time.
        Assert.Equal(0.5, model.SlownessOf(2 * CostModel.ReferenceBenchmarkFps));
        Assert.Equal(1.0, model.SlownessOf(0));
    }

    [Fact]
    public void Calibration_on_samples_of_a_known_machine_converges_to_its_times()
    {
        // A machine whose true coefficients differ from the defaults by factors between 0.4 and 2.5.
        double[] factors = [2.0, 3.0, 1.5, 0.6, 2.5, 1.0, 0.4, 1.2, 0.8, 1.0, 1.8, 0.7];
        var truth = new CostModel(CostModel.DefaultCoefficients.Select((c, i) => c * factors[i]).ToList(), CostModel.ReferenceBenchmarkFps, 0, 0);
        var samples = SyntheticSamples(truth, noise: 0, count: 120);

        var fitted = CostModelFit.Fit(samples, CostModel.Defaults);

        Assert.Equal(120, fitted.Samples);
        // Noise-free: what is left is the small pull towards the defaults.
        Assert.True(fitted.RelativeError < 0.02, $"relative error {fitted.RelativeError}");
        foreach (var (kind, features, fps) in Unseen())
        {
            var expected = truth.Seconds(features, fps);
            var predicted = fitted.Seconds(features, fps);
            // Within 5 %: the fit weighs each sample by its seconds, so a sound of a fraction of a second is fitted less tightly than a chunk.
            Assert.True(Math.Abs(predicted / expected - 1) < 0.05, $"{kind}: predicted {predicted:0.000} s, truly {expected:0.000} s");
        }
    }

    [Fact]
    public void With_noisy_samples_the_error_it_reports_is_the_noise_and_its_coefficients_stay_non_negative()
    {
        var truth = new CostModel(CostModel.DefaultCoefficients.Select(c => c * 1.3).ToList(), CostModel.ReferenceBenchmarkFps, 0, 0);
        var samples = SyntheticSamples(truth, noise: 0.08, count: 200);

        var fitted = CostModelFit.Fit(samples, CostModel.Defaults);

        Assert.InRange(fitted.RelativeError, 0.03, 0.12);
        Assert.All(fitted.Coefficients, c => Assert.True(c >= 0));
        var job = WorkFeatureCounter.ForChunk(PlainCut(300), new FrameRange(0, 300));
        Assert.InRange(fitted.ReferenceSeconds(job) / truth.ReferenceSeconds(job), 0.95, 1.05);
    }

    [Fact]
    public void A_feature_no_sample_has_follows_the_machines_overall_speed()
    {
        // Only pieces without titles, on a machine twice as slow as the defaults: the title coefficient doubles too.
        var samples = SyntheticSamples(new CostModel(CostModel.DefaultCoefficients.Select(c => c * 2).ToList(), CostModel.ReferenceBenchmarkFps, 0, 0), 0, 30)
            .Where(s => s.Features.TitleFrames == 0).ToList();

        var fitted = CostModelFit.Fit(samples, CostModel.Defaults);

        var title = WorkFeatures.Names.ToList().IndexOf("title-frames");
        Assert.Equal(2 * CostModel.DefaultCoefficients[title], fitted.Coefficients[title], 6);
    }

    [Fact]
    public void No_samples_leave_the_defaults()
    {
        Assert.Same(CostModel.Defaults, CostModelFit.Fit([], CostModel.Defaults));
    }

    /// <summary>Chunks of varied content and sizes, sounds and merges, on nodes of three speeds, timed by <paramref name="truth"/> with a relative noise.</summary>
    private static List<CalibrationSample> SyntheticSamples(CostModel truth, double noise, int count)
    {
        var random = new Random(7);
        var samples = new List<CalibrationSample>();
        for (var i = 0; i < count; i++)
        {
            var (kind, features, fps) = Piece(random);
            var seconds = truth.Seconds(features, fps) * (1 + noise * Gaussian(random));
            samples.Add(new CalibrationSample(kind, features, fps, 1, seconds, Now));
        }
        return samples;
    }

    private static IEnumerable<(WorkKind, WorkFeatures, double)> Unseen()
    {
        var random = new Random(99);
        return Enumerable.Range(0, 20).Select(_ => Piece(random));
    }

    private static (WorkKind Kind, WorkFeatures Features, double Fps) Piece(Random random)
    {
        var fps = new[] { 0, 15.0, 60.0 }[random.Next(3)];
        var (width, height) = random.Next(2) == 0 ? (1280, 720) : (1920, 1080);
        var frames = 60 + random.Next(400);
        var layers = random.Next(5);
        var tracks = new List<VideoTrack> { new() { Clips = [new VideoClip { Asset = "a", Start = 0, Duration = frames }] } };
        for (var l = 0; l < layers; l++)
            tracks.Add(new VideoTrack { Clips = [new VideoClip { Asset = "b", Start = random.Next(frames / 2), Duration = frames / 2, FadeIn = random.Next(20), Transform = new Transform { Scale = 0.2 + 0.2 * random.NextDouble() } }] });
        if (random.Next(3) == 0)
            tracks.Add(new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Title, Start = 0, Duration = frames, Title = new TitleStyle { Text = "t" } }] });
        var timeline = Resolved(width, height, frames, tracks, [Video("a", width, height), Video("b", 1280, 720, audio: true), Sound("m")],
            [new AudioTrack { Clips = [new AudioClip { Asset = "m", Start = 0, Duration = random.Next(1, frames) }] }],
            preset: (QualityPreset)random.Next(3));
        var kind = random.Next(10) switch { 0 => WorkKind.Sound, 1 => WorkKind.Merge, _ => WorkKind.Chunk };
        var start = random.Next(frames / 2);
        return (kind, WorkFeatureCounter.For(kind, timeline, new FrameRange(start, frames - start)), fps);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
