using Microsoft.Extensions.Logging;
using RenderFarm.Scheduling;

namespace RenderFarm.Costs;

/// <summary>
/// A pool's cost model (<see cref="ICostModelGrain"/>): keeps the most recent finished attempts of each
/// kind, refits the defaults to them with every report (<see cref="CostModelFit"/>) and stores them, so
/// that the calibration survives restarts.
/// </summary>
public sealed class CostModelGrain(
    [PersistentState("cost-model", RenderFarmNames.Storage)] IPersistentState<CostModelState> state,
    TimeProvider clock,
    ILogger<CostModelGrain> logger) : Grain, ICostModelGrain
{
    /// <summary>
    /// Recent attempts kept per kind: enough chunks to cover the pool's mix of work, few enough that a
    /// change of machines or ffmpeg shows within a few jobs. Sounds and merges, one per job, keep their
    /// own window so the pool's many chunks do not push them out.
    /// </summary>
    public static readonly IReadOnlyDictionary<WorkKind, int> Window = new Dictionary<WorkKind, int>
    {
        [WorkKind.Chunk] = 240,
        [WorkKind.Sound] = 40,
        [WorkKind.Merge] = 40,
    };

    private CostModel model = CostModel.Defaults;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        model = CostModelFit.Fit(state.State.Samples, CostModel.Defaults);
        return Task.CompletedTask;
    }

    async Task ICostModelGrain.ReportAsync(IReadOnlyList<CalibrationSample> samples)
    {
        var kept = samples.Where(s => s.Seconds > 0 && Window.ContainsKey(s.Kind)).ToList();
        if (kept.Count == 0)
            return;
        var window = state.State.Samples;
        window.AddRange(kept);
        foreach (var (kind, size) in Window)
        {
            var excess = window.Count(s => s.Kind == kind) - size;
            for (var i = 0; excess > 0 && i < window.Count;)
            {
                if (window[i].Kind == kind)
                {
                    window.RemoveAt(i);
                    excess--;
                }
                else
                {
                    i++;
                }
            }
        }
        model = CostModelFit.Fit(window, CostModel.Defaults);
        state.State.FittedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        logger.LogDebug("Cost model of pool {Pool}: {Samples} samples, relative error {Error:P1}", this.GetPrimaryKeyString(), model.Samples, model.RelativeError);
    }

    Task<CostModelSnapshot> ICostModelGrain.GetModelAsync() => Task.FromResult(model.ToSnapshot(state.State.FittedAt));

    async Task ICostModelGrain.ResetAsync()
    {
        await state.ClearStateAsync();
        state.State = new CostModelState();
        model = CostModel.Defaults;
    }
}
