namespace RenderFarm.Tests.Database.TestGrains;

/// <summary>What both counter grains do with their state.</summary>
internal static class CounterOperations
{
    public static async Task<CounterSnapshot> AddAsync(IPersistentState<CounterState> counter, int amount)
    {
        counter.State.Value += amount;
        await counter.WriteStateAsync();
        return Snapshot(counter);
    }

    public static async Task<CounterSnapshot> ClearAsync(IPersistentState<CounterState> counter)
    {
        await counter.ClearStateAsync();
        return Snapshot(counter);
    }

    public static CounterSnapshot Snapshot(IPersistentState<CounterState> counter) =>
        new(counter.State.Value, counter.Etag, counter.RecordExists);
}
