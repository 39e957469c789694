namespace RenderFarm.Access;

/// <summary>The keys file cannot be used; <see cref="Errors"/> name each bad line by number and field.</summary>
public sealed class KeysFileException(string path, IReadOnlyList<string> errors)
    : Exception($"The keys file {path} cannot be used:" + string.Concat(errors.Select(e => Environment.NewLine + "  " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
