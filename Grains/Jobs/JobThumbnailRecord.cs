namespace RenderFarm.Jobs;

/// <summary>What <see cref="JobThumbnailGrain"/> stores: the latest still it was told of.</summary>
[GenerateSerializer, Alias("RenderFarm.Jobs.JobThumbnailRecord")]
public sealed class JobThumbnailRecord
{
    [Id(0)] public JobThumbnail? Latest { get; set; }
}
