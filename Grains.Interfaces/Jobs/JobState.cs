namespace RenderFarm.Jobs;

/// <summary>A job's life: queued until its first chunk starts, rendering, merging, then one terminal state.</summary>
[GenerateSerializer, Alias("RenderFarm.JobState")]
public enum JobState
{
    Queued,
    Rendering,
    Merging,
    Completed,
    Failed,
    Cancelled,
}

public static class JobStates
{
    public static bool IsTerminal(this JobState state) => state is JobState.Completed or JobState.Failed or JobState.Cancelled;
}
