using Microsoft.Extensions.Options;

namespace RenderFarm.Storage.Retention;

/// <summary>
/// How long the media store keeps what no job needs any more. Section "Retention". A time set empty
/// (<c>"Retention:OutputsFor": ""</c>) keeps that kind for ever. Chunk files and sounds need no time:
/// a job removes them after its verified merge.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Reminders fire no more often than once a minute.</summary>
    public static readonly TimeSpan ShortestPeriod = TimeSpan.FromMinutes(1);

    /// <summary>A job's output, from the job's end: long enough to be downloaded after a weekend or a holiday.</summary>
    public TimeSpan? OutputsFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An uploaded asset, from the end of the last job that used it (or its upload, if none did).</summary>
    public TimeSpan? AssetsUnusedFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The parts of an upload nothing was added to: a client that went away for longer starts it again.</summary>
    public TimeSpan? UploadsIdleFor { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the farm purges by itself.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Checks the "Retention" section when the silo starts; each message names the key and the rule.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    private const string Section = RetentionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, time) in new[] { (nameof(RetentionOptions.OutputsFor), options.OutputsFor), (nameof(RetentionOptions.AssetsUnusedFor), options.AssetsUnusedFor), (nameof(RetentionOptions.UploadsIdleFor), options.UploadsIdleFor) })
        {
            if (time <= TimeSpan.Zero)
                failures.Add($"{Section}:{key} must be positive, or empty to keep them for ever (was {time})");
        }
        if (options.Period < RetentionOptions.ShortestPeriod)
            failures.Add($"{Section}:{nameof(RetentionOptions.Period)} must be at least {RetentionOptions.ShortestPeriod} (was {options.Period})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
