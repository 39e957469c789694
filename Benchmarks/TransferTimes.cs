using System.Diagnostics;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>Seconds per round of the farm's path and of its baseline, run alternately.</summary>
internal sealed record TransferTimes(IReadOnlyList<double> FarmSeconds, IReadOnlyList<double> BaselineSeconds)
{
    public double FarmMedian => Median(FarmSeconds);

    public double BaselineMedian => Median(BaselineSeconds);

    /// <summary>Each round's farm time over its baseline's, the median of them: rounds on a busy machine pair up.</summary>
    public double MedianRatio => Median(FarmSeconds.Zip(BaselineSeconds, (farm, baseline) => farm / baseline));

    /// <summary>
    /// Rounds of both, the first going first in even rounds and second in odd ones, so that neither always
    /// meets a warmer or busier machine. <paramref name="reset"/> runs after each, untimed.
    /// </summary>
    public static async Task<TransferTimes> AlternateAsync(int rounds, Func<Task> farm, Func<Task> baseline, Func<Task> reset)
    {
        var (farmSeconds, baselineSeconds) = (new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var farmTurn in round % 2 == 0 ? [true, false] : new[] { false, true })
            {
                var clock = Stopwatch.StartNew();
                await (farmTurn ? farm() : baseline());
                (farmTurn ? farmSeconds : baselineSeconds).Add(clock.Elapsed.TotalSeconds);
                await reset();
            }
        }
        return new TransferTimes(farmSeconds, baselineSeconds);
    }
}
