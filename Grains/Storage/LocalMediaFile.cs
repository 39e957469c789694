namespace RenderFarm.Storage;

/// <summary>A store object as a file of this machine; a fetched copy is deleted on dispose, a file read in place is not.</summary>
public sealed class LocalMediaFile(string path, bool fetched) : IDisposable
{
    public string Path { get; } = path;

    public bool Fetched { get; } = fetched;

    public void Dispose()
    {
        if (Fetched)
            File.Delete(Path);
    }
}
