using System.Globalization;

namespace RenderFarm.Benchmarks;

internal static class BenchmarkStatistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string P(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);
}
