namespace RenderFarm.Media;

/// <summary>
/// The farm's one keeper of its media store's size: on a reminder, and when an operator asks, it removes
/// the outputs, unused assets and abandoned uploads whose time is over. Each item's own grain decides
/// (a job its output, an asset's usage its asset, an upload its parts); this one only finds them.
/// </summary>
[Alias("RenderFarm.Media.IRetentionGrain")]
public interface IRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the purge's reminder, or updates its period to the farm's settings.</summary>
    [Alias("EnsureScheduled")] Task EnsureScheduledAsync();

    /// <summary>Looks through the whole store: long on a large one.</summary>
    [Alias("Purge"), ResponseTimeout("00:15:00")] Task<PurgeReport> PurgeAsync(PurgeRequest request);
}
