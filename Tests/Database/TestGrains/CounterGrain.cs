namespace RenderFarm.Tests.Database.TestGrains;

/// <summary>The counter on the "renderfarm" storage, whose clear keeps the record (ClearStorageKey).</summary>
[GrainType(GrainTypeName)]
public sealed class CounterGrain(
    [PersistentState(CounterGrain.StateName, RenderFarmNames.Storage)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    public const string GrainTypeName = "db-test-counter";
    public const string StateName = "counter";

    Task<CounterSnapshot> ICounterGrain.AddAsync(int amount) => CounterOperations.AddAsync(counter, amount);
    Task<CounterSnapshot> ICounterGrain.GetAsync() => Task.FromResult(CounterOperations.Snapshot(counter));
    Task<CounterSnapshot> ICounterGrain.ClearAsync() => CounterOperations.ClearAsync(counter);
}
