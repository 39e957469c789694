using Microsoft.Extensions.Options;

namespace RenderFarm.Jobs;

/// <summary>How a job reacts when renders fail, stall or straggle. Section "Failover".</summary>
public sealed class FailoverOptions
{
    public const string SectionName = "Failover";

    /// <summary>
    /// An attempt whose frame count has not advanced (or that has not reported at all) for this long is
    /// given up and its chunk sent elsewhere. Chunks report every second; x264 advances several times a
    /// second even on 4K, so a minute of silence is a hung ffmpeg or a node cut off from the cluster.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often an active job looks for attempts on silos membership declared dead, stalled attempts
    /// and stragglers. Its work on a dead node is sent elsewhere within this of the node being declared dead.
    /// </summary>
    public TimeSpan SuperviseInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A reminder wakes the job (even after its silo died) this often until it ends.</summary>
    public TimeSpan WatchdogReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A chunk failing this many times fails its job.</summary>
    public int MaxFailedAttempts { get; set; } = 3;

    /// <summary>The first retry waits this long; each further one twice as long.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A node that fails this many chunks of one job gets no more chunks of it.</summary>
    public int BlocklistAfterFailures { get; set; } = 2;

    /// <summary>
    /// When every other chunk is done, a chunk running longer than this many times its expected time
    /// (from the speed of the job's finished chunks) gets a backup attempt on an idle node.
    /// </summary>
    public double StragglerFactor { get; set; } = 3;

    /// <summary>No backup before a chunk has run at least this long.</summary>
    public TimeSpan StragglerMinimum { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Checks the "Failover" section when the silo starts; each message names the key and the rule.</summary>
public sealed class FailoverOptionsValidator : IValidateOptions<FailoverOptions>
{
    private const string Section = FailoverOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, FailoverOptions options)
    {
        var failures = new List<string>();
        if (options.StallTimeout <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(FailoverOptions.StallTimeout)} must be positive (was {options.StallTimeout})");
        if (options.SuperviseInterval <= TimeSpan.Zero || options.SuperviseInterval > options.StallTimeout)
            failures.Add($"{Section}:{nameof(FailoverOptions.SuperviseInterval)} must be positive and at most {nameof(FailoverOptions.StallTimeout)} (was {options.SuperviseInterval})");
        if (options.WatchdogReminderPeriod <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(FailoverOptions.WatchdogReminderPeriod)} must be positive (was {options.WatchdogReminderPeriod})");
        if (options.MaxFailedAttempts < 1)
            failures.Add($"{Section}:{nameof(FailoverOptions.MaxFailedAttempts)} must be at least 1 (was {options.MaxFailedAttempts})");
        if (options.RetryBackoff < TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(FailoverOptions.RetryBackoff)} must not be negative (was {options.RetryBackoff})");
        if (options.BlocklistAfterFailures < 1)
            failures.Add($"{Section}:{nameof(FailoverOptions.BlocklistAfterFailures)} must be at least 1 (was {options.BlocklistAfterFailures})");
        if (options.StragglerFactor < 1)
            failures.Add($"{Section}:{nameof(FailoverOptions.StragglerFactor)} must be at least 1 (was {options.StragglerFactor})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
