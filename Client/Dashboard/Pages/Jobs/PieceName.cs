using RenderFarm.Scheduling;

namespace RenderFarm.Dashboard.Pages.Jobs;

/// <summary>A piece of a job as the job page's addresses name it: <c>chunk-3</c>, <c>sound</c>, <c>merge</c>.</summary>
public static class PieceName
{
    public static string Of(WorkKind kind, int index) => kind == WorkKind.Chunk ? $"chunk-{index}" : kind.ToString().ToLowerInvariant();

    public static string Words(WorkKind kind, int index) => kind == WorkKind.Chunk ? $"chunk {index}" : kind.ToString().ToLowerInvariant();

    /// <exception cref="ArgumentException">The name is none of these, or the lane is not 0 or 1; the message names the parameter.</exception>
    public static WorkKey Parse(Guid jobId, string? name, int lane)
    {
        if (lane is < 0 or > 1)
            throw new ArgumentException($"lane must be 0 or 1 (was {lane})", nameof(lane));
        return name switch
        {
            "sound" => WorkKey.ForSound(jobId),
            "merge" => WorkKey.ForMerge(jobId),
            { } text when text.StartsWith("chunk-", StringComparison.Ordinal) && int.TryParse(text.AsSpan(6), out var index) && index >= 0 =>
                WorkKey.ForChunk(jobId, index, lane),
            _ => throw new ArgumentException($"piece must be chunk-N, sound or merge (was '{name}')", "piece"),
        };
    }
}
