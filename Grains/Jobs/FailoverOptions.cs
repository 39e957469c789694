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

    /// <summary>How often an active job looks for stalled attempts, due retries and stragglers.</summary>
    public TimeSpan SuperviseInterval { get; set; } = TimeSpan.FromSeconds(5);

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

    public void Validate()
    {
        if (StallTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"{SectionName}:{nameof(StallTimeout)} must be positive");
        if (SuperviseInterval <= TimeSpan.Zero || SuperviseInterval > StallTimeout)
            throw new InvalidOperationException($"{SectionName}:{nameof(SuperviseInterval)} must be positive and at most {nameof(StallTimeout)}");
        if (MaxFailedAttempts < 1)
            throw new InvalidOperationException($"{SectionName}:{nameof(MaxFailedAttempts)} must be at least 1");
        if (BlocklistAfterFailures < 1)
            throw new InvalidOperationException($"{SectionName}:{nameof(BlocklistAfterFailures)} must be at least 1");
        if (StragglerFactor < 1)
            throw new InvalidOperationException($"{SectionName}:{nameof(StragglerFactor)} must be at least 1");
    }
}
