using System.Diagnostics;
using System.Globalization;

namespace RenderFarm.Tests.Support;

/// <summary>Tiny real media made on the spot by the ffmpeg CLI from its test sources (testsrc2, sine).</summary>
public static class TestMedia
{
    /// <summary>No test media takes more than this to make.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A video of moving test pattern, with a 440 Hz tone when <paramref name="withAudio"/>; the container follows the extension.</summary>
    public static Task CreateVideoAsync(
        string path, int width = 160, int height = 90, string rate = "30", double seconds = 1, bool withAudio = false,
        CancellationToken cancellationToken = default)
    {
        var duration = Seconds(seconds);
        List<string> arguments = ["-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={rate}:duration={duration}"];
        if (withAudio)
            arguments.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={duration}"]);
        arguments.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
        if (withAudio)
            arguments.AddRange(["-c:a", "aac", "-b:a", "64k"]);
        arguments.Add(path);
        return RunFfmpegAsync(arguments, cancellationToken);
    }

    /// <summary>
    /// A video whose every frame carries its own frame number (counted from 0) as the barcode
    /// <see cref="FrameBarcode"/> reads, over mid grey; a keyframe every 10 frames, so chunks really seek.
    /// </summary>
    public static Task CreateNumberedVideoAsync(
        string path, string rate, int frames, int width = 192, int height = 108, CancellationToken cancellationToken = default)
    {
        var barcode = $"if(lt(Y,{height / 8}),if(mod(floor(N/pow(2,floor(X*12/W))),2),235,16),128)";
        return RunFfmpegAsync(
            ["-f", "lavfi", "-i", $"nullsrc=s={width}x{height}:r={rate}", "-vf", $"format=yuv444p,geq=lum='{barcode}':cb=128:cr=128",
             "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
             "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", path],
            cancellationToken);
    }

    /// <summary>One frame of test pattern; the image format follows the extension (.png, .jpg, ...).</summary>
    public static Task CreateImageAsync(
        string path, int width = 160, int height = 90, CancellationToken cancellationToken = default) =>
        RunFfmpegAsync(["-f", "lavfi", "-i", $"testsrc2=size={width}x{height}", "-frames:v", "1", "-update", "1", path], cancellationToken);

    /// <summary>A sine tone; the format follows the extension (.wav, .m4a, ...).</summary>
    public static Task CreateAudioAsync(
        string path, double seconds = 1, int sampleRate = 48000, CancellationToken cancellationToken = default) =>
        RunFfmpegAsync(
            ["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={sampleRate}:duration={Seconds(seconds)}", path],
            cancellationToken);

    /// <summary>Runs ffmpeg with the arguments as given (no shell); fails with ffmpeg's own message.</summary>
    public static async Task RunFfmpegAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y", .. arguments])
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ffmpeg {string.Join(' ', start.ArgumentList)} did not finish within {Timeout.TotalSeconds} s.");
        }

        await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await stderr}");
    }

    private static string Seconds(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
