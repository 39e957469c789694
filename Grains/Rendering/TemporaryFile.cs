namespace RenderFarm.Rendering;

/// <summary>Names for work in progress next to where the result is committed (same file system, so the rename is atomic).</summary>
internal static class TemporaryFile
{
    public static string Beside(string committedPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(committedPath))!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory,
            $".{Path.GetFileNameWithoutExtension(committedPath)}.{Guid.NewGuid():N}.partial{Path.GetExtension(committedPath)}");
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A file still held by a dying process is removed with its work folder.
        }
    }
}
