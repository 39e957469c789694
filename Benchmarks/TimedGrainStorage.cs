using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace RenderFarm.Benchmarks;

/// <summary>Time spent in a grain storage's writes, by grain type, over every silo that shares it.</summary>
internal sealed class StorageWriteStats
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (long Count, double Milliseconds)> writes = new(StringComparer.Ordinal);

    public void Add(string grainType, double milliseconds)
    {
        lock (gate)
        {
            var (count, total) = writes.GetValueOrDefault(grainType);
            writes[grainType] = (count + 1, total + milliseconds);
        }
    }

    /// <summary>The counts so far, and a fresh start.</summary>
    public Dictionary<string, (long Count, double Milliseconds)> Take()
    {
        lock (gate)
        {
            var taken = new Dictionary<string, (long Count, double Milliseconds)>(writes, StringComparer.Ordinal);
            writes.Clear();
            return taken;
        }
    }
}

/// <summary>Wraps the grain storage registered under a name, timing its writes.</summary>
internal sealed class TimedGrainStorage(IGrainStorage inner, StorageWriteStats stats) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public static void Wrap(IServiceCollection services, string name, StorageWriteStats stats)
    {
        var registered = services.Last(s => s.ServiceType == typeof(IGrainStorage) && Equals(s.ServiceKey, name));
        var factory = registered.KeyedImplementationFactory ?? throw new InvalidOperationException($"grain storage {name} is not made by a factory");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new TimedGrainStorage((IGrainStorage)factory(provider, key), stats));
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var start = Stopwatch.GetTimestamp();
        await inner.WriteStateAsync(stateName, grainId, grainState);
        stats.Add(grainId.Type.ToString()!, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
