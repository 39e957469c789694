namespace RenderFarm.Chunks;

/// <summary>
/// A piece of a job's work (a chunk, the sound, the merge) as its job keeps it; the transitions are
/// <c>ChunkStateMachine</c>'s. Values are stored: new states get new numbers.
/// </summary>
[GenerateSerializer, Alias("RenderFarm.ChunkState")]
public enum ChunkState
{
    /// <summary>Waiting for a slot (or for its backoff to end), under the attempt number it will run as.</summary>
    Queued = 0,
    Rendering = 1,
    Completed = 2,
    /// <summary>Failed as often as the job allows: its job fails.</summary>
    Failed = 3,
    /// <summary>Its job ended before it did.</summary>
    Cancelled = 4,
}

public static class ChunkStates
{
    public static readonly IReadOnlySet<ChunkState> Terminal = new HashSet<ChunkState> { ChunkState.Completed, ChunkState.Failed, ChunkState.Cancelled };

    /// <summary>Still to be rendered: the scheduler holds it or a node renders it.</summary>
    public static readonly IReadOnlySet<ChunkState> Unfinished = new HashSet<ChunkState> { ChunkState.Queued, ChunkState.Rendering };

    public static bool IsTerminal(this ChunkState state) => Terminal.Contains(state);
}
