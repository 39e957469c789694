namespace RenderFarm.Storage.Uploads;

/// <summary>What an upload under way was announced as; its parts themselves are in the store.</summary>
[GenerateSerializer, Alias("RenderFarm.Storage.Uploads.UploadRecord")]
public sealed class UploadRecord
{
    [Id(0)] public long Size { get; set; }
    [Id(1)] public DateTimeOffset StartedAt { get; set; }
}
