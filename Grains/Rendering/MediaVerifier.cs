using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>What a rendered video stream must be.</summary>
public sealed record ExpectedVideo(long Frames, int Width, int Height, string Codec, Rational FrameRate)
{
    public double DurationSeconds => FrameRate.SecondsAt(Frames);
}

/// <summary>Probes rendered files and refuses any that do not match what was asked for.</summary>
public static class MediaVerifier
{
    public static async Task<MediaFacts> VerifyChunkAsync(string path, ExpectedVideo expected, CancellationToken cancellationToken)
    {
        var facts = await MediaProbe.ProbeAsync(path, cancellationToken);
        var problems = VideoProblems(facts, expected).ToList();
        if (facts.AudioCodec is not null)
            problems.Add("a chunk must carry no audio");
        Throw(path, problems);
        return facts;
    }

    public static async Task<MediaFacts> VerifyAudioAsync(string path, AudioFormat format, double expectedSeconds, CancellationToken cancellationToken)
    {
        var facts = await MediaProbe.ProbeAsync(path, cancellationToken);
        Throw(path, AudioProblems(facts, format, expectedSeconds).ToList());
        return facts;
    }

    public static async Task<MediaFacts> VerifyFinalAsync(string path, ExpectedVideo expected, AudioFormat audio, CancellationToken cancellationToken)
    {
        var facts = await MediaProbe.ProbeAsync(path, cancellationToken);
        var problems = VideoProblems(facts, expected).Concat(AudioProblems(facts, audio, expected.DurationSeconds)).ToList();
        Throw(path, problems);
        return facts;
    }

    private static IEnumerable<string> VideoProblems(MediaFacts facts, ExpectedVideo expected)
    {
        if (facts.VideoCodec is null)
        {
            yield return "no video stream";
            yield break;
        }
        if (facts.VideoFrames != expected.Frames)
            yield return $"{facts.VideoFrames} frames, expected {expected.Frames}";
        if (facts.Width != expected.Width || facts.Height != expected.Height)
            yield return $"size {facts.Width}x{facts.Height}, expected {expected.Width}x{expected.Height}";
        if (facts.VideoCodec != expected.Codec)
            yield return $"codec {facts.VideoCodec}, expected {expected.Codec}";
        var halfFrame = expected.FrameRate.SecondsAt(1) / 2;
        if (Math.Abs(facts.VideoDurationSeconds - expected.DurationSeconds) > halfFrame)
            yield return $"video lasts {facts.VideoDurationSeconds:0.000}s, expected {expected.DurationSeconds:0.000}s";
    }

    /// <summary>The sound must last as long as the picture, within one AAC frame (1024 samples).</summary>
    private static IEnumerable<string> AudioProblems(MediaFacts facts, AudioFormat format, double expectedSeconds)
    {
        if (facts.AudioCodec is null)
        {
            yield return "no audio stream";
            yield break;
        }
        if (facts.AudioSampleRate != format.SampleRate)
            yield return $"audio at {facts.AudioSampleRate} Hz, expected {format.SampleRate} Hz";
        var tolerance = 1024.0 / format.SampleRate;
        if (Math.Abs(facts.AudioDurationSeconds - expectedSeconds) > tolerance)
            yield return $"audio lasts {facts.AudioDurationSeconds:0.0000}s, expected {expectedSeconds:0.0000}s";
    }

    private static void Throw(string path, List<string> problems)
    {
        if (problems.Count > 0)
            throw new RenderVerificationException(path, problems);
    }
}
