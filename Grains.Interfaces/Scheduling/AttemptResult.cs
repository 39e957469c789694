namespace RenderFarm.Scheduling;

/// <summary>How an attempt ended.</summary>
[GenerateSerializer, Alias("RenderFarm.AttemptOutcome")]
public enum AttemptOutcome
{
    Completed = 0,
    Failed = 1,
    /// <summary>Stopped: its job asked, or its node shut down.</summary>
    Stopped = 2,
    /// <summary>Never started: it reached another silo than assigned, or its grain was still busy with an older attempt.</summary>
    TurnedAway = 3,
    /// <summary>Its machine is being reclaimed by its provider: it was stopped at a frame boundary and the frames it finished (<see cref="AttemptResult.FramesCommitted"/>, maybe none) were committed as a chunk of their own.</summary>
    Reclaimed = 4,
}

/// <summary>An attempt's end as its node reports it to the job: the committed file, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AttemptResult")]
public sealed record AttemptResult(
    [property: Id(0)] AttemptOutcome Outcome,
    [property: Id(1)] string? OutputPath = null,
    [property: Id(2)] string? Error = null,
    [property: Id(3)] RenderFarm.Rendering.CommittedFile? Committed = null,
    [property: Id(4)] int FramesCommitted = 0)
{
    public static AttemptResult Completed(string outputPath) => new(AttemptOutcome.Completed, outputPath);
    public static AttemptResult Completed(RenderFarm.Rendering.CommittedFile file) => new(AttemptOutcome.Completed, file.Key, Committed: file);
    /// <summary>Stopped for its machine's reclaim with the first <paramref name="frames"/> of its range committed in <paramref name="file"/> (none: null).</summary>
    public static AttemptResult Reclaimed(RenderFarm.Rendering.CommittedFile? file, int frames) => new(AttemptOutcome.Reclaimed, file?.Key, Committed: file, FramesCommitted: file is null ? 0 : frames);
    public static AttemptResult Failed(string error) => new(AttemptOutcome.Failed, Error: error);
    public static readonly AttemptResult Stopped = new(AttemptOutcome.Stopped);
    public static readonly AttemptResult TurnedAway = new(AttemptOutcome.TurnedAway);
}
