using RenderFarm.Storage;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Benchmarks;

/// <summary>A folder store in a temporary folder of its own, removed at the end.</summary>
internal sealed class FolderBenchmarkStore(string root) : IBenchmarkStore
{
    private readonly FolderObjectStore store = new(root);

    public string Name => "folder";

    public IObjectStore Objects => store;

    public void Configure(MediaStoreOptions media)
    {
        media.Kind = MediaStoreKind.Folder;
        media.Root = store.Root;
    }

    public Task PlainUploadAsync(string file, string key, CancellationToken cancellationToken)
    {
        var target = Path.Combine(store.Root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file, target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task PlainDownloadAsync(string key, string target, CancellationToken cancellationToken)
    {
        File.Copy(store.LocalPath(key)!, target, overwrite: true);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(store.Root))
            Directory.Delete(store.Root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
