using Microsoft.Extensions.Options;

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

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public void Validate() => RenderNodeOptionsValidator.ThrowIfInvalid(this);
}

/// <summary>Refuses a render node that could not render: checked when the silo starts.</summary>
public sealed class RenderNodeOptionsValidator : IValidateOptions<RenderNodeOptions>
{
    private const string Section = RenderNodeOptions.SectionName;

    /// <summary>More chunks at once than this on one node is a typo, not a machine.</summary>
    private const int MostSlots = 64;

    public ValidateOptionsResult Validate(string? name, RenderNodeOptions options)
    {
        var failures = new List<string>();
        if (options.RenderSlots is < 1 or > MostSlots)
            failures.Add($"{Section}:{nameof(RenderNodeOptions.RenderSlots)} must be between 1 and {MostSlots} (was {options.RenderSlots})");
        if (string.IsNullOrWhiteSpace(options.Pool))
            failures.Add($"{Section}:{nameof(RenderNodeOptions.Pool)} must be set");
        if (string.IsNullOrWhiteSpace(options.WorkDirectory))
            failures.Add($"{Section}:{nameof(RenderNodeOptions.WorkDirectory)} must be set");
        if (options.LoadReportPeriod <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(RenderNodeOptions.LoadReportPeriod)} must be positive (was {options.LoadReportPeriod})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void ThrowIfInvalid(RenderNodeOptions options)
    {
        var result = new RenderNodeOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(RenderNodeOptions), result.Failures);
    }
}
