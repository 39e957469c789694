namespace RenderFarm.Costs;

/// <summary>
/// Expected seconds of a piece of work on a node: its <see cref="WorkFeatures"/> times the model's
/// coefficients, on a node of the reference speed, scaled by the node's measured speed against it.
/// </summary>
public sealed class CostModel
{
    /// <summary>
    /// The benchmark (NodeCapabilities.BenchmarkFps: a 720p x264 encode on every core) of the machine
    /// the defaults were measured on: 2 cores, 1 thread per render slot.
    /// </summary>
    public const double ReferenceBenchmarkFps = 30;

    /// <summary>What the defaults are assumed to be off by before any calibration: they come from another machine.</summary>
    public const double DefaultRelativeError = 0.5;

    /// <summary>
    /// Seconds per unit of each feature on one render slot of the reference machine (1 thread), in the
    /// order of <see cref="WorkFeatures.Names"/>: each part timed on its own with ffmpeg on one thread
    /// (encode, decode, canvas and overlay of 90 frames of 1080p), the rest rounded from bench-estimate
    /// (docs/costs.md). A pool's calibration replaces them with its own machines' figures.
    /// </summary>
    public static readonly IReadOnlyList<double> DefaultCoefficients =
    [
        0.60,    // chunk: ffmpeg start, graph set-up, encoder ramp, verifying probe
        0.30,    // inputs: opening, seeking and starting a decoder and a filter chain for one clip
        0.0340,  // encoded-mp: x264 fast on one thread, moving 1080p (a sample clip)
        0.0070,  // composed-mp: the yuv444p canvas, each layer's scale and overlay, the final conversion
        0.0060,  // decoded-mp: 1080p H.264 on one thread
        0.0030,  // title-frames
        0.0030,  // fade-mp
        0.30,    // sound
        0.0100,  // sound-seconds
        0.0100,  // audio-clip-seconds
        0.40,    // merge
        0.0040,  // merged-mp: mostly the verifying probe, which decodes every frame to count them
    ];

    public static CostModel Defaults { get; } = new(DefaultCoefficients, ReferenceBenchmarkFps, DefaultRelativeError, 0);

    public CostModel(IReadOnlyList<double> coefficients, double referenceBenchmarkFps, double relativeError, int samples)
    {
        if (coefficients.Count != WorkFeatures.Count)
            throw new ArgumentException($"a cost model has {WorkFeatures.Count} coefficients, not {coefficients.Count}", nameof(coefficients));
        Coefficients = coefficients;
        ReferenceFps = referenceBenchmarkFps > 0 ? referenceBenchmarkFps : ReferenceBenchmarkFps;
        RelativeError = relativeError;
        Samples = samples;
    }

    public static CostModel From(CostModelSnapshot snapshot) =>
        new(snapshot.Coefficients, snapshot.ReferenceBenchmarkFps, snapshot.RelativeError, snapshot.Samples);

    public IReadOnlyList<double> Coefficients { get; }
    public double ReferenceFps { get; }
    public double RelativeError { get; }
    public int Samples { get; }

    public CostModelSnapshot ToSnapshot(DateTimeOffset? fittedAt = null) => new([.. Coefficients], ReferenceFps, RelativeError, Samples, fittedAt);

    /// <summary>How many times longer a piece takes on a node of this benchmark than on the reference; 1 when the node measured none.</summary>
    public double SlownessOf(double benchmarkFps) => benchmarkFps > 0 ? ReferenceFps / benchmarkFps : 1;

    /// <summary>Expected seconds on a node of the reference speed.</summary>
    public double ReferenceSeconds(WorkFeatures features) => Dot(features.ToVector(), Coefficients);

    public double Seconds(WorkFeatures features, double benchmarkFps) => ReferenceSeconds(features) * SlownessOf(benchmarkFps);

    internal static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Count; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
