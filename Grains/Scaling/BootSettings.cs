namespace RenderFarm.Scaling;

/// <summary>
/// The settings a launched machine's silo starts with, as environment variables in .NET's
/// configuration form (<c>Cluster__Database</c>, <c>RenderNode__NodeId</c>, …), and where the machine
/// downloads the silo from.
/// </summary>
public sealed record BootSettings(IReadOnlyDictionary<string, string> Environment, string? PackageUrl = null)
{
    /// <exception cref="ArgumentException">A name is not a configuration key, a value spans lines, or the package is not an http(s) address.</exception>
    public void Validate()
    {
        if (PackageUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Contains('"') || url.Contains(' ')))
            throw new ArgumentException($"packageUrl: must be an http(s) address of the silo's .tar.gz (was {url})", nameof(PackageUrl));
        foreach (var (name, value) in Environment)
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"boot setting '{name}': a name is letters, digits and '_' only", nameof(Environment));
            if (value.Contains('\n') || value.Contains('\r') || value.Contains('\0'))
                throw new ArgumentException($"boot setting {name}: a value must be one line", nameof(Environment));
        }
    }
}
