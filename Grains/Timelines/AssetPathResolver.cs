namespace RenderFarm.Timelines;

/// <summary>
/// Turns an asset's relative path into the absolute path of a file inside the assets root. Every
/// symbolic link on the way is followed to its final target (as realpath does), so neither <c>..</c>
/// nor a link anywhere in the path can lead outside the root.
/// </summary>
public sealed class AssetPathResolver
{
    /// <summary>As Linux's SYMLOOP_MAX: more links than this in one path is a loop.</summary>
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static readonly char[] Separators = ['/', '\\'];

    /// <exception cref="DirectoryNotFoundException">The assets root does not exist.</exception>
    public AssetPathResolver(string assetsRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assetsRoot);
        var full = Path.GetFullPath(assetsRoot);
        var root = RealPath(full) ?? throw new IOException($"The assets root '{full}' has too many levels of symbolic links.");
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"The assets root '{full}' is not a directory.");
        Root = root;
    }

    /// <summary>The assets root, absolute and with every symbolic link resolved.</summary>
    public string Root { get; }

    /// <summary>
    /// The absolute, link-free path of <paramref name="relativePath"/>, or null after adding to
    /// <paramref name="errors"/> why it was refused (outside the root, missing, a directory, empty).
    /// </summary>
    public string? Resolve(string relativePath, string field, ICollection<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(relativePath))
            return Refuse("is required");
        if (Path.IsPathRooted(relativePath) || relativePath.Contains(':'))
            return Refuse("must be relative to the assets root");

        var resolved = Walk(Root, relativePath);
        if (resolved is null)
            return Refuse("has too many levels of symbolic links");
        if (!IsInsideRoot(resolved))
            return Refuse("must stay inside the assets root (a '..' or a symbolic link leads out of it)");
        if (Directory.Exists(resolved))
            return Refuse("is a directory, not a media file");
        if (!File.Exists(resolved))
            return Refuse("does not exist under the assets root");
        if (new FileInfo(resolved).Length == 0)
            return Refuse("is empty, or not a regular file");
        return resolved;

        string? Refuse(string rule)
        {
            errors.Add(new ValidationError(field, rule));
            return null;
        }
    }

    private bool IsInsideRoot(string path)
    {
        var prefix = Path.EndsInDirectorySeparator(Root) ? Root : Root + Path.DirectorySeparatorChar;
        return path.Equals(Root, PathComparison) || path.StartsWith(prefix, PathComparison);
    }

    /// <summary>realpath for an absolute path: null when the links loop.</summary>
    private static string? RealPath(string fullPath)
    {
        var systemRoot = Path.GetPathRoot(fullPath)!;
        return Walk(systemRoot, fullPath[systemRoot.Length..]);
    }

    /// <summary>
    /// Follows <paramref name="relative"/> from the link-free directory <paramref name="start"/> one name
    /// at a time, replacing each symbolic link by its target. Once a name does not exist, the rest is
    /// appended as written: the caller reports the file as missing.
    /// </summary>
    private static string? Walk(string start, string relative)
    {
        var pending = new Stack<string>(Split(relative).Reverse());
        var current = start;
        var hops = 0;
        while (pending.TryPop(out var name))
        {
            if (name is "" or ".")
                continue;
            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, name);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Path.GetFullPath(Path.Join(next, string.Join(Path.DirectorySeparatorChar, pending)));
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
                return null;
            if (Path.IsPathRooted(target))
            {
                var targetRoot = Path.GetPathRoot(target)!;
                current = targetRoot;
                target = target[targetRoot.Length..];
            }

            foreach (var part in Split(target).Reverse())
                pending.Push(part);
        }

        return current;
    }

    private static IEnumerable<string> Split(string path) =>
        path.Split(OperatingSystem.IsWindows() ? Separators : ['/']);
}
