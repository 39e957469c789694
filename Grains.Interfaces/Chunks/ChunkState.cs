namespace RenderFarm.Chunks;

[GenerateSerializer, Alias("RenderFarm.ChunkState")]
public enum ChunkState
{
    Queued,
    Rendering,
    Completed,
    Failed,
    Cancelled,
}
