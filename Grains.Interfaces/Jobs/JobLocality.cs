using RenderFarm.Chunks;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// How often the job's attempts that read uploaded assets started on a node that held them already
/// (data locality), from the starts its pieces recorded.
/// </summary>
/// <param name="Starts">Attempts started that read at least one uploaded asset.</param>
/// <param name="StartsWithAllHeld">Of those, the ones whose node held every asset they read: nothing fetched.</param>
/// <param name="AssetsNeeded">Uploaded assets those attempts read, counted per attempt.</param>
/// <param name="AssetsHeld">Of those, the ones their node held already.</param>
public sealed record JobLocality(int Starts, int StartsWithAllHeld, int AssetsNeeded, int AssetsHeld)
{
    /// <summary>The share of starts that found all their assets on the node; null when none read uploaded assets.</summary>
    public double? Share => Starts == 0 ? null : (double)StartsWithAllHeld / Starts;

    public static JobLocality Of(IEnumerable<ChunkStatus> pieces)
    {
        var starts = pieces
            .SelectMany(piece => piece.History)
            .Select(attempt => attempt.Host?.Assets)
            .OfType<AssetLocality>()
            .Where(assets => assets.Needed > 0)
            .ToList();
        return new JobLocality(starts.Count, starts.Count(a => a.AllHeld), starts.Sum(a => a.Needed), starts.Sum(a => a.Held));
    }
}
