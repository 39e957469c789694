namespace RenderFarm.Nodes;

/// <summary>How a node keeps its attempts' ffmpeg logs (<c>RenderNode:AttemptLogs</c>), in its work folder.</summary>
public sealed class AttemptLogOptions
{
    public const int DefaultMaxBytes = 256 * 1024;
    public static readonly TimeSpan DefaultKeep = TimeSpan.FromDays(3);

    /// <summary>The most of one attempt's log kept: its latest text, the earlier dropped.</summary>
    public int MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>A job's logs are removed once none was written for this long.</summary>
    public TimeSpan Keep { get; set; } = DefaultKeep;

    /// <summary>Every setting at fault, each named under <paramref name="section"/>.</summary>
    public IEnumerable<string> Failures(string section)
    {
        if (MaxBytes < 4096)
            yield return $"{section}:{nameof(MaxBytes)} must be at least 4096 (was {MaxBytes})";
        if (Keep <= TimeSpan.Zero)
            yield return $"{section}:{nameof(Keep)} must be positive (was {Keep})";
    }
}
