namespace RenderFarm.Costs;

/// <summary>
/// A pool's cost model, calibrated by the pool's own finished attempts: it keeps a bounded window of
/// recent ones, refits with each report, and survives restarts. Keyed by pool name.
/// </summary>
[Alias("RenderFarm.ICostModelGrain")]
public interface ICostModelGrain : IGrainWithStringKey
{
    /// <summary>
    /// Finished attempts of a job, batched. One-way: a job never waits for calibration, and a report
    /// lost on the way only makes the model a little older.
    /// </summary>
    [Alias("Report"), OneWay] Task ReportAsync(IReadOnlyList<CalibrationSample> samples);

    /// <summary>The model as fitted now. Interleaved: estimates read it while reports are being fitted.</summary>
    [Alias("GetModel"), AlwaysInterleave] Task<CostModelSnapshot> GetModelAsync();

    /// <summary>Forgets every sample: the defaults again (for a pool whose machines changed).</summary>
    [Alias("Reset")] Task ResetAsync();
}
