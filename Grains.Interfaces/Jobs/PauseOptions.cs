namespace RenderFarm.Jobs;

/// <summary>How a pause treats the attempts already running.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.PauseOptions")]
public sealed record PauseOptions
{
    public static readonly PauseOptions LetRunningFinish = new();

    /// <summary>Stop running attempts at once (they are rendered again on resume) instead of letting them finish and keeping their files.</summary>
    [Id(0)] public bool StopRunning { get; init; }
}
