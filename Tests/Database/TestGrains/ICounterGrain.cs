using Orleans.Metadata;

namespace RenderFarm.Tests.Database.TestGrains;

/// <summary>
/// A persistent counter: each change is written to grain storage before the call returns. Plain
/// GetGrain calls reach <see cref="CounterGrain"/>; <see cref="DeletingCounterGrain"/> is reached by grain id.
/// </summary>
[Alias("RenderFarm.Tests.Database.ICounterGrain"), DefaultGrainType(CounterGrain.GrainTypeName)]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Add")] Task<CounterSnapshot> AddAsync(int amount);
    [Alias("Get")] Task<CounterSnapshot> GetAsync();
    [Alias("Clear")] Task<CounterSnapshot> ClearAsync();
}
