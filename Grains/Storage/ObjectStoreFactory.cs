using RenderFarm.Storage.Objects;
using RenderFarm.Storage.Azure;
using RenderFarm.Storage.Gcs;
using RenderFarm.Storage.S3;

namespace RenderFarm.Storage;

/// <summary>The store <c>MediaStore:Kind</c> names, built from its section of the settings.</summary>
public static class ObjectStoreFactory
{
    public static IObjectStore Create(MediaStoreOptions options) => options.Kind switch
    {
        MediaStoreKind.Folder => new FolderObjectStore(options.Root),
        MediaStoreKind.S3 => new S3ObjectStore(options.S3),
        MediaStoreKind.Azure => new AzureBlobObjectStore(options.Azure),
        MediaStoreKind.Gcs => new GcsObjectStore(options.Gcs),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, $"{MediaStoreOptions.SectionName}:{nameof(MediaStoreOptions.Kind)} names no store"),
    };
}
