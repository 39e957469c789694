using RenderFarm.Media;

namespace RenderFarm.Storage.Retention;

/// <summary>The period the purge's reminder was registered with, and what the last purge did.</summary>
[GenerateSerializer, Alias("RenderFarm.Storage.Retention.RetentionRecord")]
public sealed class RetentionRecord
{
    [Id(0)] public TimeSpan ScheduledPeriod { get; set; }
    [Id(1)] public PurgeReport? Last { get; set; }
}
