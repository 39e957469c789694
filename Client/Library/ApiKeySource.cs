namespace RenderFarm.Client;

/// <summary>Where a client's API key comes from: <see cref="RenderFarmClientOptions.ApiKey"/>, else the first line of <see cref="RenderFarmClientOptions.ApiKeyFile"/>.</summary>
internal static class ApiKeySource
{
    /// <exception cref="InvalidOperationException">The key file cannot be read or is empty; the message names the setting and the file.</exception>
    public static string? Read(RenderFarmClientOptions options)
    {
        if (options.ApiKey is { Length: > 0 } key)
            return key.Trim();
        if (options.ApiKeyFile is not { Length: > 0 } path)
            return null;
        string? line;
        try
        {
            line = File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{RenderFarmClientOptions.SectionName}:{nameof(RenderFarmClientOptions.ApiKeyFile)} {path} cannot be read: {e.Message}", e);
        }
        return line is { Length: > 0 } ? line
            : throw new InvalidOperationException($"{RenderFarmClientOptions.SectionName}:{nameof(RenderFarmClientOptions.ApiKeyFile)} {path} is empty: it must hold the API key on its first line");
    }
}
