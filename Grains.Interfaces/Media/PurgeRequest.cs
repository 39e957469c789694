namespace RenderFarm.Media;

/// <summary>
/// What a purge removes from the media store. Each time left null is the farm's own (its
/// <c>Retention</c> settings); a time given is used instead of it for this purge only.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Media.PurgeRequest")]
public sealed record PurgeRequest
{
    /// <summary>Outputs (with anything else left of their job) of jobs that ended at least this long ago.</summary>
    [Id(0)] public TimeSpan? OutputsOlderThan { get; init; }
    /// <summary>Uploaded assets no job has used for at least this long, none running uses, and never used ones uploaded that long ago.</summary>
    [Id(1)] public TimeSpan? AssetsUnusedFor { get; init; }
    /// <summary>The parts of uploads nothing was added to for at least this long.</summary>
    [Id(2)] public TimeSpan? UploadsIdleFor { get; init; }
    /// <summary>Count what would go, and remove nothing.</summary>
    [Id(3)] public bool DryRun { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">A time is negative (zero means everything of that kind whose job or use has ended).</exception>
    public void Validate()
    {
        foreach (var (name, time) in new[] { (nameof(OutputsOlderThan), OutputsOlderThan), (nameof(AssetsUnusedFor), AssetsUnusedFor), (nameof(UploadsIdleFor), UploadsIdleFor) })
        {
            if (time < TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(name, time, $"{name}: must be zero or more (was {time})");
        }
    }
}
