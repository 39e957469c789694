using System.Runtime.CompilerServices;

namespace RenderFarm.Storage.Objects;

/// <summary>
/// A store on a folder: one machine's disk, or a share (NFS, SMB) every node mounts at the same path.
/// An object is a file under the root at its key's path, written beside its target and renamed into place.
/// </summary>
public sealed class FolderObjectStore : IObjectStore
{
    private const string StagingSuffix = ".partial";

    public FolderObjectStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Describe(string key) => PathOf(key);

    public string? LocalPath(string key) => PathOf(key);

    public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? Describe(key, file) : null);
    }

    public async Task<bool> PutAsync(string key, Stream content, long length, bool overwrite, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var staged = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{StagingSuffix}");
        try
        {
            await using (var output = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await CopyExactlyAsync(content, output, length, cancellationToken);
            }
            return Commit(staged, target, overwrite);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    /// <summary>
    /// Moves a file of this machine into the store without copying its bytes when it is on the same file
    /// system (a node's work folder beside a local store), else copies it; the file is gone afterwards.
    /// </summary>
    public async Task<bool> MoveInAsync(string localFile, string key, bool overwrite, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var staged = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{StagingSuffix}");
        try
        {
            try
            {
                File.Move(localFile, staged);
            }
            catch (IOException) when (File.Exists(localFile))
            {
                await using (var input = File.OpenRead(localFile))
                await using (var output = File.Create(staged))
                    await input.CopyToAsync(output, cancellationToken);
                File.Delete(localFile);
            }
            return Commit(staged, target, overwrite);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    public Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var path = PathOf(key);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            return Task.FromResult<Stream>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StoredObjectNotFoundException(key, path, e);
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
            return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.CheckPrefix(prefix);
        // The folder holding the prefix's last complete segment bounds the walk; the rest is matched by name.
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? Root : Path.Combine(Root, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(start))
            yield break;
        var keys = Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal) && ObjectKey.IsValid(key))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(PathOf(key));
            if (file.Exists)
                yield return Describe(key, file);
        }
        await Task.CompletedTask;
    }

    private static StoredObject Describe(string key, FileInfo file) =>
        new(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));

    private string PathOf(string key) => Path.Combine(Root, ObjectKey.Check(key).Replace('/', Path.DirectorySeparatorChar));

    private static bool Commit(string staged, string target, bool overwrite)
    {
        if (overwrite)
        {
            File.Move(staged, target, overwrite: true);
            return true;
        }
        // On Unix a move that must not replace is a link plus an unlink: atomic "first one wins".
        try
        {
            File.Move(staged, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
    }

    private static async Task CopyExactlyAsync(Stream source, Stream target, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        var left = length;
        while (left > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (read == 0)
                throw new EndOfStreamException($"The content ended {left} bytes short of the {length} announced.");
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            left -= read;
        }
    }
}
