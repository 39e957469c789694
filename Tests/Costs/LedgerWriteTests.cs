using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using RenderFarm.Costs;

namespace RenderFarm.Tests.Costs;

/// <summary>
/// A pool's ledger hears from every node with each load report: it writes a machine's run when it is
/// new, then at most once every 30 s of the run, and the rest when it deactivates.
/// </summary>
public sealed class LedgerWriteTests : IAsyncLifetime
{
    private InProcessTestCluster? cluster;

    private RecordingStorage Storage => (RecordingStorage)cluster!.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(RenderFarmNames.Storage);

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services.AddKeyedSingleton<IGrainStorage, RecordingStorage>(RenderFarmNames.Storage));
        cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_machine_reporting_every_second_is_written_when_new_then_once_a_period_and_in_full_at_deactivation()
    {
        var ledger = cluster!.Client.GetGrain<IAccountLedgerGrain>(AccountKeys.Pool("writes"));
        var start = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        MachineRun Seen(int seconds) => new("node-a", "run-1", Price, start, start.AddSeconds(seconds));

        for (var second = 0; second <= 40; second++)
            await ledger.MachineUpAsync(Seen(second));

        Assert.Equal([start, start.AddSeconds(30)], Storage.WrittenLastSeen);

        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        Assert.Equal(start.AddSeconds(40), Storage.WrittenLastSeen[^1]);
        var bill = await ledger.GetBillAsync(BillingQuery.ForPool("writes"));
        // Read back after reactivation: the 40th second was written as the ledger deactivated.
        Assert.Equal((1, 40L), (bill.Uptime!.Machines, bill.Uptime.Seconds));
    }

    [Fact]
    public async Task A_second_machine_s_first_report_is_written_at_once()
    {
        var ledger = cluster!.Client.GetGrain<IAccountLedgerGrain>(AccountKeys.Pool("second"));
        var start = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

        await ledger.MachineUpAsync(new MachineRun("node-a", "run-1", Price, start, start));
        await ledger.MachineUpAsync(new MachineRun("node-b", "run-1", Price, start.AddSeconds(2), start.AddSeconds(2)));

        Assert.Equal(2, Storage.WrittenLastSeen.Count);
    }

    private static InstancePrice Price => new()
    {
        Provider = "local",
        Region = "here",
        InstanceType = "workstation",
        Pricing = PricingModel.OnDemand,
        HourlyPrice = 3.6m,
        Cores = 2,
        MemoryGiB = 8,
    };

    public async ValueTask DisposeAsync()
    {
        if (cluster is null)
            return;
        await cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
        await cluster.DisposeAsync();
    }

    /// <summary>Grain storage in memory that remembers, for each write of a ledger, the latest last-seen time of its machines.</summary>
    private sealed class RecordingStorage : IGrainStorage
    {
        private readonly Dictionary<GrainId, object> states = [];

        public List<DateTimeOffset> WrittenLastSeen { get; } = [];

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (states)
            {
                if (states.TryGetValue(grainId, out var state))
                {
                    grainState.State = (T)state;
                    grainState.RecordExists = true;
                }
            }
            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (states)
            {
                if (grainState.State is AccountLedgerRecord ledger)
                {
                    // A copy, since the grain goes on changing the record it holds.
                    states[grainId] = new AccountLedgerRecord { Jobs = new(ledger.Jobs), Machines = new(ledger.Machines, StringComparer.Ordinal) };
                    WrittenLastSeen.Add(ledger.Machines.Values.Max(m => m.LastSeenAt));
                }
                else
                {
                    states[grainId] = grainState.State!;
                }
                grainState.RecordExists = true;
            }
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (states)
                states.Remove(grainId);
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }
    }
}
