namespace RenderFarm.Storage;

/// <summary>Where a farm keeps its media: <c>MediaStore:Kind</c>.</summary>
public enum MediaStoreKind
{
    /// <summary>A folder every node mounts at the same path (the default).</summary>
    Folder,
    S3,
    Azure,
    Gcs,
}
