using RenderFarm.Timelines;

namespace RenderFarm.Storage.Cache;

/// <summary>An asset's file, kept in the cache until disposed.</summary>
public sealed class AssetLease(string path, Action? release) : IAssetFile
{
    private Action? release = release;

    public string Path { get; } = path;

    public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
}
