using RenderFarm.Storage.Objects;
using RenderFarm.Storage.S3;

namespace RenderFarm.Storage;

/// <summary>The store <c>MediaStore:Kind</c> names, built from its section of the settings.</summary>
public static class ObjectStoreFactory
{
    public static IObjectStore Create(MediaStoreOptions options) => options.Kind switch
    {
        MediaStoreKind.Folder => new FolderObjectStore(options.Root),
        MediaStoreKind.S3 => new S3ObjectStore(options.S3),
        _ => throw new NotSupportedException($"{MediaStoreOptions.SectionName}:{nameof(MediaStoreOptions.Kind)} {options.Kind} is not available"),
    };
}
