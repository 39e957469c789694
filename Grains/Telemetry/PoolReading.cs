namespace RenderFarm.Telemetry;

/// <summary>What a pool's scheduler last reported of itself, for the pool's gauges.</summary>
public sealed record PoolReading(int Queued, int Slots, int SlotsUsed, int NodesActive, bool Paused, IReadOnlyDictionary<string, int> JobsByState);
