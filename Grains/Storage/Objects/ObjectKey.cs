namespace RenderFarm.Storage.Objects;

/// <summary>
/// The rule every store key follows, so that a key means the same object in a folder and in a bucket and
/// can never name a place outside the store: relative, '/'-separated, segments of letters, digits,
/// '.', '_' and '-', none starting with '.' (a store's own staging names do), at most 512 characters.
/// </summary>
public static class ObjectKey
{
    public const int MaxLength = 512;

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key)
        && key.Length <= MaxLength
        && key.Split('/').All(IsValidSegment);

    /// <exception cref="ArgumentException">The key breaks the rule; the message says which part.</exception>
    public static string Check(string key, string paramName = "key")
    {
        if (!IsValid(key))
            throw new ArgumentException(
                $"'{key}' is not a store key: relative, '/'-separated names of letters, digits, '.', '_' and '-', none starting with '.', at most {MaxLength} characters.",
                paramName);
        return key;
    }

    /// <summary>A prefix is a key, or empty, and may end with '/'.</summary>
    public static string CheckPrefix(string prefix, string paramName = "prefix")
    {
        if (prefix.Length == 0)
            return prefix;
        Check(prefix.EndsWith('/') ? prefix[..^1] : prefix, paramName);
        return prefix;
    }

    private static bool IsValidSegment(string segment) =>
        segment.Length > 0
        && segment[0] != '.'
        && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
