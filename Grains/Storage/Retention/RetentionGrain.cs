using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Media;

namespace RenderFarm.Storage.Retention;

/// <summary>
/// Purges the media store on a reminder (so it survives every silo) and when an operator asks, and keeps
/// what the last purge did. Calls are taken one at a time: a purge asked for during the reminder's waits for it.
/// </summary>
public sealed class RetentionGrain(
    [PersistentState("retention", RenderFarmNames.Storage)] IPersistentState<RetentionRecord> record,
    IMediaStore store,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    private const string ReminderName = "retention";

    async Task IRetentionGrain.EnsureScheduledAsync()
    {
        // Registering again would put the next purge off by a whole period: silos starting more often
        // than that would keep it from ever running.
        var period = options.Value.Period;
        if (record.State.ScheduledPeriod == period && await this.GetReminder(ReminderName) is not null)
            return;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
        record.State.ScheduledPeriod = period;
        await record.WriteStateAsync();
        logger.LogInformation("Media store purged every {Period}", period);
    }

    Task<PurgeReport> IRetentionGrain.PurgeAsync(PurgeRequest request) => PurgeAsync(request);

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
            await PurgeAsync(new PurgeRequest());
    }

    private async Task<PurgeReport> PurgeAsync(PurgeRequest request)
    {
        request.Validate();
        var rules = options.Value;
        var now = clock.GetUtcNow();
        var cutoffs = new PurgeReport
        {
            At = now,
            DryRun = request.DryRun,
            OutputsEndedBefore = now - (request.OutputsOlderThan ?? rules.OutputsFor),
            AssetsUnusedSince = now - (request.AssetsUnusedFor ?? rules.AssetsUnusedFor),
            UploadsIdleSince = now - (request.UploadsIdleFor ?? rules.UploadsIdleFor),
        };
        var report = await new RetentionSweep(store.Objects, GrainFactory).RunAsync(cutoffs, CancellationToken.None);
        if (!request.DryRun)
        {
            record.State.Last = report;
            await record.WriteStateAsync();
        }
        logger.Log(report.Errors.Count > 0 ? LogLevel.Warning : LogLevel.Information,
            "Media store purge{DryRun}: {Outputs} output(s) ({OutputBytes} bytes), {Assets} asset(s) ({AssetBytes} bytes), {Uploads} abandoned upload(s) ({UploadBytes} bytes); {InUse} asset(s) past their time kept in use; {Errors}",
            request.DryRun ? " (dry run)" : "", report.Outputs, report.OutputBytes, report.Assets, report.AssetBytes, report.Uploads, report.UploadBytes, report.AssetsInUse,
            report.Errors.Count == 0 ? "no errors" : string.Join("; ", report.Errors));
        return report;
    }
}
