using Orleans.Concurrency;
using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Uploads;

/// <summary>A stateless answerer for the media store, on whichever silo the caller reached.</summary>
[StatelessWorker]
public sealed class MediaCatalogGrain(IMediaStore store) : Grain, IMediaCatalogGrain
{
    /// <summary>A read is a grain call's reply: kept well below Orleans' message size.</summary>
    public const int MaxReadBytes = 8 * 1024 * 1024;

    private readonly Dictionary<Guid, string> outputs = [];

    async Task<IReadOnlyList<string>> IMediaCatalogGrain.MissingAsync(IReadOnlyList<string> sha256s)
    {
        var bad = sha256s.FirstOrDefault(hash => !ContentHash.IsValid(hash));
        if (bad is not null)
            throw new ArgumentException($"sha256s: '{bad}' is not a SHA-256 (64 lower-case hexadecimal digits)", nameof(sha256s));
        var distinct = sha256s.Distinct(StringComparer.Ordinal).ToList();
        var held = await Task.WhenAll(distinct.Select(hash => store.Objects.HeadAsync(MediaKeys.Asset(hash), CancellationToken.None)));
        return distinct.Where((_, i) => held[i] is null).ToList();
    }

    async Task<byte[]> IMediaCatalogGrain.ReadOutputAsync(Guid jobId, long offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var key = await OutputKeyAsync(jobId);
        Stream stream;
        try
        {
            stream = await store.Objects.OpenReadAsync(key, offset, CancellationToken.None);
        }
        catch (StoredObjectNotFoundException) when (outputs.Remove(jobId))
        {
            // Removed since this worker learned its key: the job says why.
            key = await OutputKeyAsync(jobId);
            stream = await store.Objects.OpenReadAsync(key, offset, CancellationToken.None);
        }
        await using var _ = stream;
        var buffer = new byte[Math.Min(count, MaxReadBytes)];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled))) > 0)
            filled += read;
        return filled == buffer.Length ? buffer : buffer[..filled];
    }

    /// <summary>Only a completed job's own output can be read: the key comes from the job, never from the caller.</summary>
    private async Task<string> OutputKeyAsync(Guid jobId)
    {
        if (outputs.TryGetValue(jobId, out var key))
            return key;
        var status = await GrainFactory.GetGrain<IRenderJobGrain>(jobId).GetStatusAsync();
        if (status.OutputRemovedAt is { } removed)
            throw new InvalidOperationException($"Job {jobId}'s output was removed from the media store at {removed:O}, its time under the farm's retention (Retention:OutputsFor) being over.");
        if (status.State != JobState.Completed || status.Output is null || !ObjectKey.IsValid(status.Output.Key))
            throw new InvalidOperationException($"Job {jobId} has no finished output to download (it is {status.State}).");
        outputs[jobId] = status.Output.Key;
        return status.Output.Key;
    }
}
