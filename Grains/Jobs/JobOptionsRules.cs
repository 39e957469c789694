using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>The rules a job's options must keep, reported like timeline errors (field: rule).</summary>
public static class JobOptionsRules
{
    public const int MaxChunkCount = 10_000;
    public const int MaxNameLength = 200;

    public static IReadOnlyList<ValidationError> Check(JobOptions? options)
    {
        if (options is null)
            return [new ValidationError("options", "is required")];
        var errors = new List<ValidationError>();
        if (options.ChunkCount is { } count && count is < 1 or > MaxChunkCount)
            errors.Add(new ValidationError("options.chunkCount", $"must be between 1 and {MaxChunkCount}"));
        if (options.ChunkFrames is < 1)
            errors.Add(new ValidationError("options.chunkFrames", "must be > 0"));
        if (options.ChunkCount is not null && options.ChunkFrames is not null)
            errors.Add(new ValidationError("options.chunkFrames", "cannot be combined with options.chunkCount"));
        if (options.Name is { Length: > MaxNameLength })
            errors.Add(new ValidationError("options.name", $"must be at most {MaxNameLength} characters"));
        if (!Enum.IsDefined(options.Priority))
            errors.Add(new ValidationError("options.priority", "must be low, normal, high or urgent"));
        return errors;
    }
}
