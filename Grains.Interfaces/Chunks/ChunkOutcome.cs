namespace RenderFarm.Chunks;

/// <summary>How an attempt ended, as the scheduler needs to know it to free the slot.</summary>
[GenerateSerializer, Alias("RenderFarm.ChunkOutcome")]
public enum ChunkOutcome
{
    Completed,
    Failed,
    Cancelled,
    /// <summary>The attempt never started: the chunk was activated on another silo than assigned.</summary>
    Misplaced,
}
