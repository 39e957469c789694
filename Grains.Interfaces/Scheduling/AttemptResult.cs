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
}

/// <summary>An attempt's end as its node reports it to the job: the committed file, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AttemptResult")]
public sealed record AttemptResult(
    [property: Id(0)] AttemptOutcome Outcome,
    [property: Id(1)] string? OutputPath = null,
    [property: Id(2)] string? Error = null,
    [property: Id(3)] RenderFarm.Rendering.CommittedFile? Committed = null)
{
    public static AttemptResult Completed(string outputPath) => new(AttemptOutcome.Completed, outputPath);
    public static AttemptResult Completed(RenderFarm.Rendering.CommittedFile file) => new(AttemptOutcome.Completed, file.Key, Committed: file);
    public static AttemptResult Failed(string error) => new(AttemptOutcome.Failed, Error: error);
    public static readonly AttemptResult Stopped = new(AttemptOutcome.Stopped);
    public static readonly AttemptResult TurnedAway = new(AttemptOutcome.TurnedAway);
}
