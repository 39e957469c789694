using Microsoft.Extensions.Logging;
using System.Security.Cryptography;
using RenderFarm.Media;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage.Retention;

/// <summary>One uploaded asset's users. Calls are taken one at a time, so a job's use and a purge never cross.</summary>
public sealed class AssetUsageGrain(
    [PersistentState("asset-usage", RenderFarmNames.Storage)] IPersistentState<AssetUsageRecord> record,
    IMediaStore store,
    TimeProvider clock,
    ILogger<AssetUsageGrain> logger) : Grain, IAssetUsageGrain
{
    private string Sha256 => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ContentHash.Check(Sha256);
        return Task.CompletedTask;
    }

    async Task IAssetUsageGrain.UseAsync(Guid jobId)
    {
        record.State.Jobs.Add(jobId);
        record.State.LastUsedAt = clock.GetUtcNow();
        await record.WriteStateAsync();
    }

    async Task IAssetUsageGrain.ReleaseAsync(Guid jobId)
    {
        if (!record.RecordExists || !record.State.Jobs.Remove(jobId))
            return;
        record.State.LastUsedAt = clock.GetUtcNow();
        await record.WriteStateAsync();
    }

    async Task<bool> IAssetUsageGrain.CheckDamagedAsync()
    {
        var key = MediaKeys.Asset(Sha256);
        string actual;
        try
        {
            await using var stream = await store.Objects.OpenReadAsync(key, 0, CancellationToken.None);
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
        }
        catch (StoredObjectNotFoundException)
        {
            return false;
        }
        if (actual == Sha256)
            return false;
        await store.Objects.DeleteAsync(key, CancellationToken.None);
        logger.LogError("Asset {Sha256}: the store's copy is damaged (its bytes hash to {Actual}) and was removed; the next upload of it sends it again", Sha256, actual);
        return true;
    }

    async Task<AssetExpiry> IAssetUsageGrain.ExpireAsync(DateTimeOffset unusedSince, bool dryRun)
    {
        if (record.State.Jobs.Count > 0)
            return new AssetExpiry(0, InUse: true);
        var key = MediaKeys.Asset(Sha256);
        var stored = await store.Objects.HeadAsync(key, CancellationToken.None);
        var lastUsed = record.RecordExists ? record.State.LastUsedAt : stored?.LastModified;
        if (stored is null || lastUsed > unusedSince)
            return AssetExpiry.Kept;
        if (!dryRun)
        {
            await store.Objects.DeleteAsync(key, CancellationToken.None);
            if (record.RecordExists)
                await record.ClearStateAsync();
            logger.LogInformation("Asset {Sha256} ({Bytes} bytes) removed: unused since {LastUsed:O}", Sha256, stored.Size, lastUsed);
        }
        return new AssetExpiry(stored.Size, InUse: false);
    }
}
