namespace RenderFarm.Tests.Database.TestGrains;

/// <summary>
/// The same counter, under another grain type, on a storage that deletes the record on clear
/// (DeleteStorageKey). It uses the same state name as <see cref="CounterGrain"/> on purpose.
/// </summary>
[GrainType(GrainTypeName)]
public sealed class DeletingCounterGrain(
    [PersistentState(CounterGrain.StateName, AdoNetTestCluster.DeletingStorage)] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain
{
    public const string GrainTypeName = "db-test-deleting-counter";

    Task<CounterSnapshot> ICounterGrain.AddAsync(int amount) => CounterOperations.AddAsync(counter, amount);
    Task<CounterSnapshot> ICounterGrain.GetAsync() => Task.FromResult(CounterOperations.Snapshot(counter));
    Task<CounterSnapshot> ICounterGrain.ClearAsync() => CounterOperations.ClearAsync(counter);
}
