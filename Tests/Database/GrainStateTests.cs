using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RenderFarm.Hosting;
using RenderFarm.Tests.Database.TestGrains;

namespace RenderFarm.Tests.Database;

/// <summary>Grain persistence on the farm database: values, ETags, clears, and what identifies a record.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class GrainStateTests : IAsyncDisposable
{
    private readonly DatabaseTestIds ids = new("state");

    [Fact]
    public async Task State_outlives_its_cluster_with_its_etag_and_a_stale_copy_cannot_overwrite_it()
    {
        const string key = "job-42";
        CounterSnapshot lastWritten;
        await using (var first = await AdoNetTestCluster.StartAsync(ids.ServiceId, ids.NextClusterId()))
        {
            var counter = first.Client.GetGrain<ICounterGrain>(key);
            Assert.Equal(new CounterSnapshot(5, "1", true), await counter.AddAsync(5));
            lastWritten = await counter.AddAsync(2);
            Assert.Equal(new CounterSnapshot(7, "2", true), lastWritten);
        }
        Assert.Equal(new StorageRow(HasPayload: true, Version: 2), await FarmDatabase.StorageRowAsync(ids.ServiceId, CounterGrain.StateName, key));

        // A new cluster of the same service reads the same value under the same ETag.
        await using var second = await AdoNetTestCluster.StartAsync(ids.ServiceId, ids.NextClusterId());
        var again = second.Client.GetGrain<ICounterGrain>(key);
        Assert.Equal(lastWritten, await again.GetAsync());

        // A second copy of the record, as a duplicate activation would hold it.
        var storage = GrainStorage(second);
        var grainId = again.GetGrainId();
        var copy = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, copy);
        Assert.Equal((7, "2"), (copy.State?.Value ?? 0, copy.ETag));

        // The grain moves on, so the copy's write is stale and fails; so does a write of a copy that read nothing.
        Assert.Equal(new CounterSnapshot(8, "3", true), await again.AddAsync(1));
        copy.State = new CounterState { Value = 100 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterGrain.StateName, grainId, copy));
        var blind = new GrainState<CounterState>(new CounterState { Value = 200 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterGrain.StateName, grainId, blind));
        Assert.Equal(new StorageRow(HasPayload: true, Version: 3), await FarmDatabase.StorageRowAsync(ids.ServiceId, CounterGrain.StateName, key));

        // The other way round: a current copy writes, and now the grain's own write is the stale one.
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, copy);
        copy.State = new CounterState { Value = 50 };
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, copy);
        Assert.Equal("4", copy.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => again.AddAsync(1));
        // Orleans drops the activation that hit the conflict; the next one reads the winner's value.
        Assert.Equal(new CounterSnapshot(50, "4", true), await again.GetAsync());
    }

    [Fact]
    public async Task Clearing_keeps_an_empty_versioned_record_that_a_stale_copy_cannot_overwrite()
    {
        const string key = "job-7";
        await using var farm = await AdoNetTestCluster.StartAsync(ids.ServiceId, ids.NextClusterId());
        var counter = farm.Client.GetGrain<ICounterGrain>(key);
        Assert.Equal(new CounterSnapshot(3, "1", true), await counter.AddAsync(3));
        var storage = GrainStorage(farm);
        var copy = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(CounterGrain.StateName, counter.GetGrainId(), copy);

        Assert.Equal(new CounterSnapshot(0, "2", false), await counter.ClearAsync());
        Assert.Equal(new StorageRow(HasPayload: false, Version: 2), await FarmDatabase.StorageRowAsync(ids.ServiceId, CounterGrain.StateName, key));
        copy.State = new CounterState { Value = 9 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterGrain.StateName, counter.GetGrainId(), copy));

        // A fresh activation reads the cleared record: no value, no record, the clear's ETag; and writes on from it.
        await farm.Cluster.DeactivateAsync(counter);
        Assert.Equal(new CounterSnapshot(0, "2", false), await counter.GetAsync());
        Assert.Equal(new CounterSnapshot(4, "3", true), await counter.AddAsync(4));
    }

    [Fact]
    public async Task With_delete_on_clear_the_record_is_deleted_and_written_anew()
    {
        const string key = "job-9";
        await using var farm = await AdoNetTestCluster.StartAsync(ids.ServiceId, ids.NextClusterId());
        var counter = farm.Client.GetGrain<ICounterGrain>(GrainId.Create(DeletingCounterGrain.GrainTypeName, key));
        Assert.Equal(new CounterSnapshot(2, "1", true), await counter.AddAsync(2));

        Assert.Equal(new CounterSnapshot(0, null, false), await counter.ClearAsync());
        Assert.Null(await FarmDatabase.StorageRowAsync(ids.ServiceId, CounterGrain.StateName, key));
        Assert.Equal(new CounterSnapshot(1, "1", true), await counter.AddAsync(1));
    }

    /// <summary>
    /// What Orleans 10.4.2 sends as a record's identity is the service, the STATE NAME and the grain key:
    /// neither the grain type nor the storage provider's name. Grain types that share a state name and
    /// a key share one record, so every persistent grain type of the farm needs a state name of its own.
    /// </summary>
    [Fact]
    public async Task A_record_is_identified_by_state_name_and_key_not_by_grain_type()
    {
        const string key = "same-key";
        await using var farm = await AdoNetTestCluster.StartAsync(ids.ServiceId, ids.NextClusterId());
        var counter = farm.Client.GetGrain<ICounterGrain>(key);
        var otherType = farm.Client.GetGrain<ICounterGrain>(GrainId.Create(DeletingCounterGrain.GrainTypeName, key));

        await counter.AddAsync(4);
        Assert.Equal(new CounterSnapshot(4, "1", true), await otherType.GetAsync());
        Assert.Equal(1, await FarmDatabase.StorageRowCountAsync(ids.ServiceId));
    }

    public async ValueTask DisposeAsync() => await FarmDatabase.ForgetAsync(ids);

    private static IGrainStorage GrainStorage(AdoNetTestCluster farm) =>
        farm.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(RenderFarmNames.Storage);
}
