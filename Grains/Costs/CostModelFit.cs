namespace RenderFarm.Costs;

/// <summary>
/// Fits a cost model to finished attempts: ridge regression on relative error, pulled towards the
/// prior model's coefficients (scaled by the machine's overall factor) and kept non-negative. Each sample is a row of its features (scaled by
/// its node's slowness) over its seconds, its relative error weighted by its seconds against the mean
/// of its kind: what an estimate of a job's cost must get right is its seconds, so a chunk of a minute
/// counts for more than one of five seconds, but a long chunk does not drown the short ones as
/// absolute errors would, and the few short merges and sounds are fitted as tightly as the chunks. Each
/// coefficient is fitted as a factor of the prior's, so the pull is the same for all of them and a
/// feature that no sample has keeps its prior value times the machine's overall factor. A small hand-written solver (projected coordinate
/// descent on the normal equations, which converges for this convex problem): a dozen unknowns and a
/// few hundred rows need no numerics library.
/// </summary>
public static class CostModelFit
{
    /// <summary>
    /// The pull towards the prior on each coefficient, in squared relative error: a fiftieth of what one
    /// sample that the coefficient explains wholly weighs. Enough to settle the coefficients the samples
    /// cannot tell apart (plain cuts encode, compose and decode in the same proportions), too little to
    /// hold back what they do tell.
    /// </summary>
    public const double PriorWeight = 0.02;

    /// <summary>Sweeps of 12 × 12 each; the pull keeps the problem well-conditioned enough to converge far sooner.</summary>
    private const int MaxSweeps = 20_000;
    private const double Converged = 1e-12;

    public static CostModel Fit(IReadOnlyList<CalibrationSample> samples, CostModel prior)
    {
        var usable = samples.Where(s => s.Seconds > 0).ToList();
        if (usable.Count == 0)
            return prior;
        var k = WorkFeatures.Count;
        // Seconds against the mean of the sample's kind: a merge among merges, a chunk among chunks (their
        // features are apart, so each kind is fitted on its own, and each weighs as much against the pull).
        var means = usable.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Average(s => s.Seconds));
        var weights = usable.Select(s => s.Seconds / means[s.Kind]).ToList();
        var rows = usable.Select(s => Row(s, prior)).ToList();

        // The machine's overall factor first: how much slower or faster than the prior it is on the whole.
        // The pull goes towards the prior times that factor, so that a feature no sample has (titles on a
        // pool that never rendered any) scales with the rest of the machine instead of staying put.
        var overall = Overall(rows, weights);

        // Normal equations of Σ weight (row·z − 1)² + w Σ (z − overall)².
        var gram = new double[k, k];
        var right = new double[k];
        for (var r = 0; r < rows.Count; r++)
        {
            var (row, weight) = (rows[r], weights[r]);
            for (var i = 0; i < k; i++)
            {
                right[i] += weight * row[i];
                for (var j = 0; j < k; j++)
                    gram[i, j] += weight * row[i] * row[j];
            }
        }
        for (var i = 0; i < k; i++)
        {
            gram[i, i] += PriorWeight;
            right[i] += PriorWeight * overall;
        }

        var z = Enumerable.Repeat(overall, k).ToArray();
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var moved = 0.0;
            for (var i = 0; i < k; i++)
            {
                var gradient = -right[i];
                for (var j = 0; j < k; j++)
                    gradient += gram[i, j] * z[j];
                var next = Math.Max(0, z[i] - gradient / gram[i, i]);
                moved = Math.Max(moved, Math.Abs(next - z[i]));
                z[i] = next;
            }
            if (moved < Converged)
                break;
        }

        var coefficients = prior.Coefficients.Select((p, i) => p * z[i]).ToArray();
        // The error of a second of work: relative residuals weighted as in the fit, for the degrees of freedom left.
        var residuals = rows.Select(row => CostModel.Dot(row, z) - 1).ToList();
        var weighted = residuals.Select((r, i) => weights[i] * r * r).Sum() / weights.Sum();
        var active = Enumerable.Range(0, k).Count(i => rows.Any(r => r[i] > 0));
        var error = usable.Count <= active
            ? Math.Max(prior.RelativeError, Math.Sqrt(weighted))
            : Math.Sqrt(weighted * usable.Count / (usable.Count - active));
        return new CostModel(coefficients, prior.ReferenceFps, error, usable.Count);
    }

    /// <summary>The one factor of all coefficients that fits the samples best (weighted least squares of a single unknown); 1 when nothing says otherwise.</summary>
    private static double Overall(List<double[]> rows, List<double> weights)
    {
        double numerator = 0, denominator = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var predicted = rows[r].Sum();
            numerator += weights[r] * predicted;
            denominator += weights[r] * predicted * predicted;
        }
        return denominator > 0 && numerator > 0 ? numerator / denominator : 1;
    }

    /// <summary>The sample's features on the reference node, each times its prior coefficient, over the seconds it took.</summary>
    private static double[] Row(CalibrationSample sample, CostModel prior)
    {
        var features = sample.Features.ToVector();
        var scale = prior.SlownessOf(sample.BenchmarkFps) / sample.Seconds;
        return features.Select((f, i) => f * prior.Coefficients[i] * scale).ToArray();
    }
}
