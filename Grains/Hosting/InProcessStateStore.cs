using System.Collections.Concurrent;
using RenderFarm.Jobs;

namespace RenderFarm.Hosting;

/// <summary>
/// Grain state kept in this process's memory and shared by every silo in it, so that state outlives
/// any one silo of an embedded or in-process test cluster. A farm of separate processes uses
/// PostgreSQL instead.
/// </summary>
public sealed class InProcessStateStore
{
    internal sealed record Entry(byte[] Data, long Version);

    internal ConcurrentDictionary<string, Entry> Entries { get; } = new(StringComparer.Ordinal);

    /// <summary>The job index of every silo that uses this store.</summary>
    public InMemoryJobIndex JobIndex { get; } = new();
}
