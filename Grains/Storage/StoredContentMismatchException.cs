namespace RenderFarm.Storage;

/// <summary>An object's bytes are not the ones its SHA-256 names: corrupted on the way or in the store.</summary>
public sealed class StoredContentMismatchException(string key, string expected, string actual)
    : Exception($"'{key}' does not hold the bytes whose SHA-256 is {expected}: its SHA-256 is {actual}.")
{
    public string Key { get; } = key;
}
