namespace RenderFarm.Scaling.Reclaim;

/// <summary>A provider's notice that it takes this machine back, and when it will at the latest.</summary>
public sealed record ReclaimNotice(string Provider, DateTimeOffset ReclaimedBy, string Detail);
