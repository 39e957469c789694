namespace RenderFarm.Rendering;

/// <summary>A rendered file did not match what was asked for; <see cref="Problems"/> lists each mismatch.</summary>
public sealed class RenderVerificationException(string path, IReadOnlyList<string> problems)
    : Exception($"{Path.GetFileName(path)} failed verification: {string.Join("; ", problems)}")
{
    public string FilePath { get; } = path;
    public IReadOnlyList<string> Problems { get; } = problems;
}
