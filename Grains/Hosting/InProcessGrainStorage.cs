using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace RenderFarm.Hosting;

/// <summary>An <see cref="IGrainStorage"/> over an <see cref="InProcessStateStore"/>, with ETag checks like a real store.</summary>
public sealed class InProcessGrainStorage(string name, InProcessStateStore store, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (store.Entries.TryGetValue(Key(stateName, grainId), out var entry))
        {
            grainState.State = serializer.Deserialize<T>(entry.Data);
            grainState.ETag = entry.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var data = serializer.SerializeToArray(grainState.State);
        var written = store.Entries.AddOrUpdate(key,
            _ => grainState.ETag is null ? new InProcessStateStore.Entry(data, 1) : throw Conflict(key, grainState.ETag, null),
            (_, existing) => existing.Version.ToString(CultureInfo.InvariantCulture) == grainState.ETag
                ? new InProcessStateStore.Entry(data, existing.Version + 1)
                : throw Conflict(key, grainState.ETag, existing.Version));
        grainState.ETag = written.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Entries.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string Key(string stateName, GrainId grainId) => $"{name}/{stateName}/{grainId}";

    private static InconsistentStateException Conflict(string key, string? expected, long? actual) =>
        new($"{key}: version {expected ?? "none"} was expected, the store holds {actual?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
}
