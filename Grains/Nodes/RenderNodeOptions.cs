using Microsoft.Extensions.Options;
using RenderFarm.Rendering;

namespace RenderFarm.Nodes;

/// <summary>How this silo renders: its node id, render slots, work folder and start-up benchmark.</summary>
public sealed class RenderNodeOptions
{
    public const string SectionName = "RenderNode";
    public const string DefaultPool = RenderFarmNames.DefaultPool;

    private int? renderSlots;
    private int? threadsPerSlot;

    /// <summary>Unique in the cluster; defaults to the silo's name.</summary>
    public string? NodeId { get; set; }

    /// <summary>The pool whose scheduler this node serves.</summary>
    public string Pool { get; set; } = DefaultPool;

    /// <summary>
    /// Chunks rendered at once. Unless configured, the machine's (<see cref="RenderSlotRule"/>):
    /// always the effective count, so readers need not know where it came from.
    /// </summary>
    public int RenderSlots
    {
        get => renderSlots ?? RenderSlotRule.ThisMachine.Slots;
        set => renderSlots = value;
    }

    /// <summary>
    /// Threads each chunk's ffmpeg encodes and filters with. Unless configured, the machine's cores
    /// shared among <see cref="RenderSlots"/> (<see cref="RenderSlotRule.ThreadsPerSlotFor"/>).
    /// </summary>
    public int ThreadsPerSlot
    {
        get => threadsPerSlot ?? RenderSlotRule.ThreadsPerSlotFor(RenderSlotRule.ThisMachine.Cores, RenderSlots);
        set => threadsPerSlot = value;
    }

    /// <summary>Node-local scratch space for chunks being rendered.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "renderfarm-node");

    /// <summary>Measure encode speed at start (about a second) so the scheduler can prefer faster nodes.</summary>
    public bool MeasureBenchmarkAtStart { get; set; } = true;

    /// <summary>How often the node reports its load.</summary>
    public TimeSpan LoadReportPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The still of its picture a chunk render shows its job.</summary>
    public ThumbnailOptions Thumbnails { get; set; } = new();

    /// <summary>How the node keeps its attempts' ffmpeg logs.</summary>
    public AttemptLogOptions AttemptLogs { get; set; } = new();

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public void Validate() => RenderNodeOptionsValidator.ThrowIfInvalid(this);
}

/// <summary>Refuses a render node that could not render: checked when the silo starts.</summary>
public sealed class RenderNodeOptionsValidator : IValidateOptions<RenderNodeOptions>
{
    private const string Section = RenderNodeOptions.SectionName;

    /// <summary>A configured thread count above this is a typo, not a machine (x264's own ceiling is 128).</summary>
    private const int MostThreadsPerSlot = 64;

    public ValidateOptionsResult Validate(string? name, RenderNodeOptions options)
    {
        var failures = new List<string>();
        var machine = RenderSlotRule.ThisMachine;
        if (options.RenderSlots is < 1 or > RenderSlotRule.MaxSlots)
            failures.Add($"{Section}:{nameof(RenderNodeOptions.RenderSlots)} must be between 1 and {RenderSlotRule.MaxSlots} (was {options.RenderSlots}); " +
                         $"leave it unset for this machine's {machine.Slots} ({machine.Cores} cores)");
        if (options.ThreadsPerSlot is < 1 or > MostThreadsPerSlot)
            failures.Add($"{Section}:{nameof(RenderNodeOptions.ThreadsPerSlot)} must be between 1 and {MostThreadsPerSlot} (was {options.ThreadsPerSlot}); " +
                         "leave it unset for the machine's cores shared among the slots");
        if (string.IsNullOrWhiteSpace(options.Pool))
            failures.Add($"{Section}:{nameof(RenderNodeOptions.Pool)} must be set");
        if (string.IsNullOrWhiteSpace(options.WorkDirectory))
            failures.Add($"{Section}:{nameof(RenderNodeOptions.WorkDirectory)} must be set");
        if (options.LoadReportPeriod <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(RenderNodeOptions.LoadReportPeriod)} must be positive (was {options.LoadReportPeriod})");
        failures.AddRange(options.Thumbnails.Failures($"{Section}:{nameof(RenderNodeOptions.Thumbnails)}"));
        failures.AddRange(options.AttemptLogs.Failures($"{Section}:{nameof(RenderNodeOptions.AttemptLogs)}"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void ThrowIfInvalid(RenderNodeOptions options)
    {
        var result = new RenderNodeOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(RenderNodeOptions), result.Failures);
    }
}
