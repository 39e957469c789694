using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RenderFarm.Media;

namespace RenderFarm.Storage.Uploads;

/// <summary>
/// One asset's upload. The store owns which parts arrived (they are its objects); this grain keeps only
/// the announced size, so any silo can carry on an upload another began.
/// </summary>
public sealed class AssetUploadGrain(
    [PersistentState("upload", RenderFarmNames.Storage)] IPersistentState<UploadRecord> record,
    IMediaStore store,
    TimeProvider clock,
    ILogger<AssetUploadGrain> logger) : Grain, IAssetUploadGrain
{
    private string Sha256 => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ContentHash.Check(Sha256);
        return Task.CompletedTask;
    }

    async Task<UploadProgress> IAssetUploadGrain.BeginAsync(long size)
    {
        if (size <= 0 || size > UploadRules.MaxAssetBytes)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"size: must be from 1 byte to {UploadRules.MaxAssetBytes} bytes");
        if (await store.Objects.HeadAsync(MediaKeys.Asset(Sha256), CancellationToken.None) is { } held)
            return new UploadProgress(Sha256, held.Size, Held: true, []);
        if (record.RecordExists && record.State.Size != size)
        {
            // A different size under the same hash cannot be the same file: the earlier parts are of no use.
            logger.LogWarning("Upload {Sha256}: begun again with {Size} bytes instead of {Earlier}; its parts are dropped", Sha256, size, record.State.Size);
            await DropPartsAsync();
        }
        if (!record.RecordExists || record.State.Size != size)
        {
            record.State = new UploadRecord { Size = size, StartedAt = clock.GetUtcNow() };
            await record.WriteStateAsync();
        }
        return new UploadProgress(Sha256, size, Held: false, await PartsReceivedAsync());
    }

    async Task IAssetUploadGrain.WritePartAsync(int part, byte[] bytes, string partSha256)
    {
        if (!record.RecordExists)
            throw new InvalidOperationException($"The upload of {Sha256} was not begun (BeginAsync first).");
        var size = record.State.Size;
        if (part < 0 || part >= UploadRules.PartCount(size))
            throw new ArgumentOutOfRangeException(nameof(part), part, $"part: must be from 0 to {UploadRules.PartCount(size) - 1} for {size} bytes");
        var expected = UploadRules.PartLength(size, part);
        if (bytes.Length != expected)
            throw new ArgumentException($"bytes: part {part} must be {expected} bytes long, not {bytes.Length}", nameof(bytes));
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, partSha256, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"partSha256: part {part} arrived damaged (its SHA-256 is {actual}); send it again", nameof(partSha256));
        using var content = new MemoryStream(bytes, writable: false);
        await store.Objects.PutAsync(MediaKeys.UploadPart(Sha256, part), content, bytes.Length, overwrite: true, CancellationToken.None);
    }

    async Task<UploadProgress> IAssetUploadGrain.CompleteAsync()
    {
        if (await store.Objects.HeadAsync(MediaKeys.Asset(Sha256), CancellationToken.None) is { } held)
        {
            await ForgetAsync();
            return new UploadProgress(Sha256, held.Size, Held: true, []);
        }
        if (!record.RecordExists)
            throw new UploadRefusedException($"The upload of {Sha256} was not begun.");
        var size = record.State.Size;
        var received = await PartsReceivedAsync();
        var missing = Enumerable.Range(0, UploadRules.PartCount(size)).Except(received).ToList();
        if (missing.Count > 0)
            throw new UploadRefusedException($"The upload of {Sha256} lacks {missing.Count} of its {UploadRules.PartCount(size)} parts, the first being part {missing[0]}.");

        try
        {
            await using var whole = new PartsStream(store.Objects, Sha256, size);
            await store.Objects.PutAsync(MediaKeys.Asset(Sha256), whole, size, overwrite: false, CancellationToken.None);
        }
        catch (UploadRefusedException)
        {
            await ForgetAsync();
            throw;
        }
        catch (Exception e) when (e.InnerException is UploadRefusedException refused)
        {
            // Some store clients wrap what the content stream threw.
            await ForgetAsync();
            throw refused;
        }
        await ForgetAsync();
        logger.LogInformation("Upload {Sha256}: {Size} bytes stored", Sha256, size);
        return new UploadProgress(Sha256, size, Held: true, []);
    }

    async Task<long> IAssetUploadGrain.ExpireAsync(DateTimeOffset idleSince, bool dryRun)
    {
        var parts = new List<Objects.StoredObject>();
        await foreach (var item in store.Objects.ListAsync(MediaKeys.UploadFolder(Sha256), CancellationToken.None))
            parts.Add(item);
        var lastAdded = parts.Select(p => p.LastModified).Append(record.RecordExists ? record.State.StartedAt : DateTimeOffset.MinValue).Max();
        if (lastAdded > idleSince || (parts.Count == 0 && !record.RecordExists))
            return 0;
        var bytes = parts.Sum(p => p.Size);
        if (!dryRun)
        {
            await ForgetAsync();
            logger.LogInformation("Upload {Sha256}: abandoned since {LastAdded:O}, its {Parts} part(s) of {Bytes} bytes dropped", Sha256, lastAdded, parts.Count, bytes);
        }
        return bytes;
    }

    private async Task<IReadOnlyList<int>> PartsReceivedAsync()
    {
        var size = record.State.Size;
        var parts = new List<int>();
        var folder = MediaKeys.UploadFolder(Sha256);
        await foreach (var item in store.Objects.ListAsync(folder, CancellationToken.None))
        {
            if (int.TryParse(item.Key.AsSpan(folder.Length + "part-".Length), out var part)
                && part < UploadRules.PartCount(size)
                && item.Size == UploadRules.PartLength(size, part))
                parts.Add(part);
        }
        return parts;
    }

    private async Task ForgetAsync()
    {
        await DropPartsAsync();
        if (record.RecordExists)
            await record.ClearStateAsync();
    }

    private async Task DropPartsAsync()
    {
        var keys = new List<string>();
        await foreach (var item in store.Objects.ListAsync(MediaKeys.UploadFolder(Sha256), CancellationToken.None))
            keys.Add(item.Key);
        foreach (var key in keys)
            await store.Objects.DeleteAsync(key, CancellationToken.None);
    }
}
