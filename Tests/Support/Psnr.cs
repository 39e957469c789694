using System.Globalization;

namespace RenderFarm.Tests.Support;

/// <summary>Per-frame PSNR between two videos of equal size, from ffmpeg's psnr filter.</summary>
public static class Psnr
{
    /// <summary>Identical frames (infinite PSNR) are reported as this value.</summary>
    public const double Identical = 100;

    public static async Task<IReadOnlyList<double>> PerFrameAsync(string reference, string candidate)
    {
        var stats = Path.Combine(Path.GetTempPath(), $"psnr-{Guid.NewGuid():N}.log");
        try
        {
            await ProcessRunner.RunAsync("ffmpeg",
                ["-v", "error", "-i", candidate, "-i", reference, "-lavfi", $"[0:v][1:v]psnr=stats_file={stats}", "-f", "null", "-"]);
            return (await File.ReadAllLinesAsync(stats))
                .Select(line => line.Split(' ').First(f => f.StartsWith("psnr_avg:", StringComparison.Ordinal))["psnr_avg:".Length..])
                .Select(v => v == "inf" ? Identical : Math.Min(Identical, double.Parse(v, CultureInfo.InvariantCulture)))
                .ToList();
        }
        finally
        {
            File.Delete(stats);
        }
    }
}
