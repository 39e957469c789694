namespace RenderFarm.Storage.Retention;

/// <summary>The jobs not yet ended that read an uploaded asset, and when a job last began or stopped using it.</summary>
[GenerateSerializer, Alias("RenderFarm.Storage.Retention.AssetUsageRecord")]
public sealed class AssetUsageRecord
{
    [Id(0)] public HashSet<Guid> Jobs { get; set; } = [];
    [Id(1)] public DateTimeOffset LastUsedAt { get; set; }
}
