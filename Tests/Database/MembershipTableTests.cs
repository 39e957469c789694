using RenderFarm.Tests.Database.TestGrains;

namespace RenderFarm.Tests.Database;

/// <summary>Clustering on the farm database: the membership rows the silos keep and the clients read.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class MembershipTableTests : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly DatabaseTestIds ids = new("membership");

    [Fact]
    public async Task Silos_are_listed_active_a_stopped_silo_is_marked_dead_and_its_row_can_be_cleaned_up()
    {
        await using var farm = await AdoNetTestCluster.StartAsync(ids.ServiceId, ids.NextClusterId());
        var silos = farm.Cluster.Silos.ToArray();
        var rows = await Eventually.UntilAsync(
            () => FarmDatabase.MembershipRowsAsync(farm.ClusterId),
            rows => rows.Count == 2 && rows.All(row => row.Status == MembershipStatus.Active),
            Limit, $"both silos of {farm.ClusterId} to be Active in orleans_membership");
        foreach (var silo in silos)
        {
            var row = RowOf(rows, silo.SiloAddress);
            Assert.Equal(silo.Name, row.SiloName);
            Assert.Equal(silo.GatewayAddress.Endpoint.Port, row.ProxyPort);
        }

        // The client found its gateways in the same table (GatewaysQueryKey), so its calls get through.
        Assert.Equal(1, (await farm.Client.GetGrain<ICounterGrain>("membership-ping").AddAsync(1)).Value);

        var (survivor, stopped) = (silos[0], silos[1]);
        await farm.StopSiloAsync(stopped);
        rows = await Eventually.UntilAsync(
            () => FarmDatabase.MembershipRowsAsync(farm.ClusterId),
            rows => RowOf(rows, stopped.SiloAddress).Status == MembershipStatus.Dead,
            Limit, $"stopped silo {stopped.SiloAddress} to be marked Dead in orleans_membership");
        Assert.Equal(MembershipStatus.Active, RowOf(rows, survivor.SiloAddress).Status);

        // Orleans' defunct-silo cleanup (CleanupDefunctSiloEntryKey) removes dead rows older than the
        // cut-off and never a live silo's row, whatever its age.
        var membership = farm.SiloService<IMembershipTable>(survivor.SiloAddress);
        await membership.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), TestContext.Current.CancellationToken);
        var remaining = Assert.Single(await FarmDatabase.MembershipRowsAsync(farm.ClusterId));
        Assert.True(Matches(remaining, survivor.SiloAddress), $"the survivor's row should remain, found {remaining}");
    }

    public async ValueTask DisposeAsync() => await FarmDatabase.ForgetAsync(ids);

    private static MembershipRow RowOf(IReadOnlyList<MembershipRow> rows, SiloAddress silo) =>
        rows.SingleOrDefault(row => Matches(row, silo))
        ?? throw new Xunit.Sdk.XunitException($"no membership row for silo {silo} among [{string.Join(", ", rows)}]");

    private static bool Matches(MembershipRow row, SiloAddress silo) =>
        row.Address == silo.Endpoint.Address.ToString() && row.Port == silo.Endpoint.Port && row.Generation == silo.Generation;
}
