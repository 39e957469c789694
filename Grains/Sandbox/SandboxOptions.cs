using Microsoft.Extensions.Options;
using RenderFarm.Nodes;

namespace RenderFarm.Sandbox;

/// <summary>
/// Section "Sandbox": every ffmpeg and ffprobe a node runs is shut in by bubblewrap (no network, a
/// read-only system, only the files of that run) and held to per-run limits set by prlimit. On by
/// default in farm mode; an operator turns it off with <c>Sandbox:Enabled=false</c>.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";
    public const string DefaultBwrapPath = "/usr/bin/bwrap";
    public const string DefaultPrlimitPath = "/usr/bin/prlimit";

    /// <summary>Two hours of CPU for one run: a long chunk or a merge on many cores stays far under, a decoder caught in a loop does not.</summary>
    public const long DefaultCpuSeconds = 7_200;

    /// <summary>16 GiB of address space: ffmpeg reserves much more than it touches (a malloc arena per thread), so this is above what 4K with many threads maps.</summary>
    public const long DefaultMemoryBytes = 16L << 30;

    /// <summary>100 GiB for one file written: a feature-length 4K master fits, a run writing without end does not fill the disk.</summary>
    public const long DefaultOutputBytes = 100L << 30;

    /// <summary>Six hours of wall-clock time for one run; the job's stall watchdog acts long before on a run that stops advancing.</summary>
    public static readonly TimeSpan DefaultWallClock = TimeSpan.FromHours(6);

    /// <summary>Smallest memory limit accepted: ffmpeg maps about 300 MiB of shared libraries before it reads a frame (measured with Debian's ffmpeg 5.1).</summary>
    public const long MinimumMemoryBytes = 512L << 20;

    /// <summary>True: sandboxed; false: turned off by the operator; not set: on in farm mode (a silo on the farm database), off otherwise.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The bubblewrap binary (Debian package <c>bubblewrap</c>).</summary>
    public string BwrapPath { get; set; } = DefaultBwrapPath;

    /// <summary>The prlimit binary (util-linux), which sets the limits below on the sandbox: bubblewrap has none of its own.</summary>
    public string PrlimitPath { get; set; } = DefaultPrlimitPath;

    /// <summary>CPU seconds one run may use, all its threads together (RLIMIT_CPU).</summary>
    public long CpuSeconds { get; set; } = DefaultCpuSeconds;

    /// <summary>Address space of one run, in bytes (RLIMIT_AS).</summary>
    public long MemoryBytes { get; set; } = DefaultMemoryBytes;

    /// <summary>Largest file one run may write, in bytes (RLIMIT_FSIZE).</summary>
    public long OutputBytes { get; set; } = DefaultOutputBytes;

    /// <summary>Wall-clock time one run may take before it is killed.</summary>
    public TimeSpan WallClock { get; set; } = DefaultWallClock;

    /// <summary>What the node reports: on, off by its operator, or off because it is not a farm silo.</summary>
    public SandboxState State => Enabled switch
    {
        true => SandboxState.On,
        false => SandboxState.TurnedOffByOperator,
        null => SandboxState.Off,
    };
}

/// <summary>
/// Checks the "Sandbox" section when the silo starts; each message names the key and the rule. A silo
/// asked to sandbox that cannot (no bubblewrap, no prlimit, or a trial run in the sandbox fails) refuses
/// to start and says how to turn the sandbox off, rather than render unconfined.
/// </summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    private const string Section = SandboxOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        if (options.CpuSeconds < 1)
            failures.Add($"{Section}:{nameof(SandboxOptions.CpuSeconds)} must be at least 1 (was {options.CpuSeconds})");
        if (options.MemoryBytes < SandboxOptions.MinimumMemoryBytes)
            failures.Add($"{Section}:{nameof(SandboxOptions.MemoryBytes)} must be at least {SandboxOptions.MinimumMemoryBytes} (512 MiB) (was {options.MemoryBytes})");
        if (options.OutputBytes < 1)
            failures.Add($"{Section}:{nameof(SandboxOptions.OutputBytes)} must be at least 1 (was {options.OutputBytes})");
        if (options.WallClock <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(SandboxOptions.WallClock)} must be positive (was {options.WallClock})");
        if (options.Enabled == true)
        {
            var turnOff = $"(install bubblewrap and util-linux, or turn the sandbox off with {Section}:{nameof(SandboxOptions.Enabled)}=false)";
            if (!Executable.Exists(options.BwrapPath))
                failures.Add($"{Section}:{nameof(SandboxOptions.BwrapPath)}: '{options.BwrapPath}' is not an executable file; ffmpeg cannot be sandboxed {turnOff}");
            if (!Executable.Exists(options.PrlimitPath))
                failures.Add($"{Section}:{nameof(SandboxOptions.PrlimitPath)}: '{options.PrlimitPath}' is not an executable file; the sandbox's limits cannot be set {turnOff}");
            if (failures.Count == 0 && SandboxTrial.Run(options) is { } trialFailure)
                failures.Add($"{Section}: a trial run in the sandbox failed, so ffmpeg cannot be sandboxed here: {trialFailure} {turnOff}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
