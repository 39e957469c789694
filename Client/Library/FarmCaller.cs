namespace RenderFarm.Client;

/// <summary>
/// For a front end that serves many users over one client (the web dashboard): the farm calls made
/// inside <see cref="ActAs"/> present that user's API key instead of the client's own, so the farm
/// holds each to its user's rights.
/// </summary>
public static class FarmCaller
{
    private static readonly AsyncLocal<string?> Key = new();

    /// <summary>The key presented by calls made in this flow of work, until the scope is disposed.</summary>
    public static IDisposable ActAs(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var previous = Key.Value;
        Key.Value = apiKey;
        return new Scope(previous);
    }

    internal static string? Current => Key.Value;

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => Key.Value = previous;
    }
}
