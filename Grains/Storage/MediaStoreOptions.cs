namespace RenderFarm.Storage;

/// <summary>The shared folder every node of a farm mounts at the same path.</summary>
public sealed class MediaStoreOptions
{
    public const string SectionName = "MediaStore";

    /// <summary>Jobs' chunks, sound and outputs go under <c>Root/jobs/JOB-ID/</c>.</summary>
    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "renderfarm-store");

    /// <summary>Folder timeline asset paths are relative to; defaults to <c>Root/assets</c>.</summary>
    public string? AssetsRoot { get; set; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root))
            throw new InvalidOperationException($"{SectionName}:{nameof(Root)} must be set");
    }
}
