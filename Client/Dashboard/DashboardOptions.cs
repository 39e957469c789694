using System.ComponentModel.DataAnnotations;

namespace RenderFarm.Dashboard;

/// <summary>The dashboard's own settings (section <c>Dashboard</c>); the farm connection is the client library's (section <c>RenderFarm</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// An operator's API key the dashboard follows its pool's job activity and cluster readings with,
    /// once for every page open. Pages show each user only what their own key may read.
    /// </summary>
    public string? FeedApiKey { get; set; }

    /// <summary>A file whose first line is <see cref="FeedApiKey"/>.</summary>
    public string? FeedApiKeyFile { get; set; }

    /// <summary>How often the cluster page's figures are read from the farm, once for every page watching them.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00")]
    public TimeSpan ClusterReadingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The folder of the keys that encrypt sign-in cookies (<see cref="SignIn.SignInKeyRing"/>), made
    /// the dashboard user's alone; dashboards behind one address share it. Without it, the keys of the
    /// user running the dashboard in <c>~/.aspnet/DataProtection-Keys</c>.
    /// </summary>
    public string? KeyRingFolder { get; set; }

    /// <summary>How long a sign-in lasts without a visit.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Updates a page may fall behind by before the oldest are dropped (a page that stops reading never grows the dashboard).</summary>
    [Range(16, 100_000)]
    public int PageQueueLength { get; set; } = 256;

    /// <summary>Most bytes of a timeline uploaded to the estimate form.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The feed key: <see cref="FeedApiKey"/>, else the first line of <see cref="FeedApiKeyFile"/>, else none.</summary>
    /// <exception cref="InvalidOperationException">The key file cannot be read or is empty; the message names the setting.</exception>
    public string? ReadFeedKey()
    {
        if (FeedApiKey is { Length: > 0 } key)
            return key.Trim();
        if (FeedApiKeyFile is not { Length: > 0 } path)
            return null;
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim() is { Length: > 0 } line ? line
                : throw new InvalidOperationException($"{Section}:{nameof(FeedApiKeyFile)} {path} is empty: it must hold an operator's API key on its first line");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{Section}:{nameof(FeedApiKeyFile)} {path} cannot be read: {e.Message}", e);
        }
    }
}
