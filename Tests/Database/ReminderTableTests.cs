using RenderFarm.Tests.Database.TestGrains;

namespace RenderFarm.Tests.Database;

/// <summary>Reminders on the farm database: registered rows, ticks, failover to the other silo, unregistering.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class ReminderTableTests : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Several probes, randomly placed, so both silos host some and own some of the ring.</summary>
    private const int Probes = 6;

    private readonly DatabaseTestIds ids = new("reminders");

    [Fact]
    public async Task Reminders_fire_survive_their_silo_stopping_and_can_be_unregistered()
    {
        await using var farm = await AdoNetTestCluster.StartAsync(ids.ServiceId, ids.NextClusterId());
        var keys = Enumerable.Range(0, Probes).Select(i => $"{ids.ServiceId}-probe-{i}").ToArray();
        var probes = keys.Select(key => farm.Client.GetGrain<IReminderProbeGrain>(key)).ToArray();

        await Task.WhenAll(probes.Select(probe => probe.StartAsync(Period)));
        var rows = await FarmDatabase.ReminderRowsAsync(ids.ServiceId);
        Assert.Equal(Probes, rows.Count);
        Assert.All(rows, row => Assert.Equal((ReminderProbeGrain.ReminderName, Period), (row.ReminderName, row.Period)));

        var firstTicks = await Task.WhenAll(keys.Select(key =>
            ReminderTicks.NextAsync(key, _ => true, Limit, "its first tick")));

        // Stop the silo that hosted the most probes; each probe must tick again on the other one.
        var stoppedAddress = firstTicks.GroupBy(tick => tick.Silo).MaxBy(ticks => ticks.Count())!.Key;
        await farm.StopSiloAsync(farm.SiloAt(stoppedAddress));
        var stoppedAt = DateTime.UtcNow;
        var survivor = Assert.Single(farm.Cluster.Silos).SiloAddress;
        await Task.WhenAll(keys.Select(key => ReminderTicks.NextAsync(
            key, tick => tick.Silo.Equals(survivor) && tick.At > stoppedAt, Limit,
            $"a tick on the surviving silo {survivor} after {stoppedAddress} stopped")));

        await Task.WhenAll(probes.Select(probe => probe.StopAsync()));
        Assert.Empty(await FarmDatabase.ReminderRowsAsync(ids.ServiceId));
        Assert.All(await Task.WhenAll(probes.Select(probe => probe.IsRegisteredAsync())), Assert.False);
    }

    public async ValueTask DisposeAsync() => await FarmDatabase.ForgetAsync(ids);
}
