namespace RenderFarm.Timelines;

/// <summary>Where the loader reads assets uploaded to the farm (<see cref="AssetRef.Stored"/>): a node's copies of the store's.</summary>
public interface IStoredAssets
{
    /// <summary>The asset as a file to read until disposed, or null when the store has no such asset.</summary>
    /// <exception cref="InvalidDataException">The store's copy is not the bytes its SHA-256 names.</exception>
    Task<IAssetFile?> OpenAsync(string sha256, string extension, CancellationToken cancellationToken);
}

/// <summary>An asset's file, readable until disposed.</summary>
public interface IAssetFile : IDisposable
{
    string Path { get; }
}
