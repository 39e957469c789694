namespace RenderFarm.Chunks;

/// <summary>What a chunk grain keeps about itself across attempts.</summary>
[GenerateSerializer, Alias("RenderFarm.ChunkRecord")]
public sealed record ChunkRecord
{
    [Id(0)] public ChunkState State { get; set; } = ChunkState.Queued;
    [Id(1)] public int Attempt { get; set; }
    [Id(2)] public string? Node { get; set; }
    [Id(3)] public string? OutputPath { get; set; }
    [Id(4)] public string? Error { get; set; }
    [Id(5)] public List<string> NodesTried { get; set; } = [];
}
