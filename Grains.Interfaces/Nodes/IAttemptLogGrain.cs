using RenderFarm.Chunks;
using RenderFarm.Scheduling;

namespace RenderFarm.Nodes;

/// <summary>
/// Reads the attempt logs a render node keeps on its own disk. Keyed by its silo's address
/// (<see cref="SiloAddress.ToParsableString"/>) and activated on that silo only, so it reads that node's files.
/// </summary>
[Alias("RenderFarm.IAttemptLogGrain")]
public interface IAttemptLogGrain : IGrainWithStringKey
{
    /// <summary>The last <paramref name="tailBytes"/> of the attempt's log; null when this node keeps none for it.</summary>
    [Alias("Read"), ReadOnly, AlwaysInterleave] Task<AttemptLog?> ReadAsync(WorkKey piece, int attempt, int tailBytes);
}
