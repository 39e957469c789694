namespace RenderFarm.Nodes;

/// <summary>How this silo renders: its node id, render slots, work folder and start-up benchmark.</summary>
public sealed class RenderNodeOptions
{
    public const string SectionName = "RenderNode";
    public const string DefaultPool = RenderFarmNames.DefaultPool;

    /// <summary>Unique in the cluster; defaults to the silo's name.</summary>
    public string? NodeId { get; set; }

    /// <summary>The pool whose scheduler this node serves.</summary>
    public string Pool { get; set; } = DefaultPool;

    /// <summary>Chunks rendered at once. x264 already uses every core, so one slot per machine is usual.</summary>
    public int RenderSlots { get; set; } = 1;

    /// <summary>Node-local scratch space for chunks being rendered.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "renderfarm-node");

    /// <summary>Measure encode speed at start (about a second) so the scheduler can prefer faster nodes.</summary>
    public bool MeasureBenchmarkAtStart { get; set; } = true;

    /// <summary>How often the node reports its load.</summary>
    public TimeSpan LoadReportPeriod { get; set; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        if (RenderSlots is < 1 or > 64)
            throw new InvalidOperationException($"{SectionName}:{nameof(RenderSlots)} must be between 1 and 64 (was {RenderSlots})");
        if (string.IsNullOrWhiteSpace(Pool))
            throw new InvalidOperationException($"{SectionName}:{nameof(Pool)} must be set");
        if (LoadReportPeriod <= TimeSpan.Zero)
            throw new InvalidOperationException($"{SectionName}:{nameof(LoadReportPeriod)} must be positive");
    }
}
