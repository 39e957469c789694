using Orleans.Placement;

namespace RenderFarm.Tests.Database.TestGrains;

/// <summary>Random placement spreads a test's probes over both silos.</summary>
[GrainType("db-test-reminder-probe"), RandomPlacement]
public sealed class ReminderProbeGrain(ILocalSiloDetails silo) : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    async Task IReminderProbeGrain.StartAsync(TimeSpan period) =>
        await this.RegisterOrUpdateReminder(ReminderName, dueTime: period, period: period);

    async Task IReminderProbeGrain.StopAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    async Task<bool> IReminderProbeGrain.IsRegisteredAsync() => await this.GetReminder(ReminderName) is not null;

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Record(new ReminderTick(this.GetPrimaryKeyString(), reminderName, silo.SiloAddress, DateTime.UtcNow));
        return Task.CompletedTask;
    }
}
