using Microsoft.Extensions.Options;
using RenderFarm.Jobs;
using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// How much work one job may ask of the farm. Section "Limits". Every value of a timeline can be inside
/// the format's ranges and still ask for a year of rendering or one ffmpeg run with thousands of inputs;
/// these bound the job as a whole and each run it is cut into, and a job past one is refused at submit
/// by <see cref="WorkLimitCheck"/>, naming the field and the limit.
/// </summary>
public sealed class WorkLimits
{
    public const string SectionName = "Limits";

    /// <summary>About twelve hours of 4K at 30 frames a second.</summary>
    public const long DefaultMaxPixelFrames = 10_000_000_000_000;
    public const int DefaultMaxClips = 20_000;
    public const int DefaultMaxInputsPerRun = 64;
    public const int DefaultMaxTimelineBytes = TimelineJson.DefaultMaxBytes;

    /// <summary>Width × height × frames of the output.</summary>
    public long MaxPixelFrames { get; set; } = DefaultMaxPixelFrames;

    /// <summary>Chunks a job is cut into, however it asks for them (a count, a length, or the planner's own cuts over dense stretches).</summary>
    public int MaxChunks { get; set; } = JobOptionsRules.MaxChunkCount;

    /// <summary>Clips on every track together.</summary>
    public int MaxClips { get; set; } = DefaultMaxClips;

    /// <summary>
    /// Clips one ffmpeg run composes: a chunk over a denser stretch is cut shorter, the sound is mixed in
    /// stages, and a frame showing more clips than this at once is refused.
    /// </summary>
    public int MaxInputsPerRun { get; set; } = DefaultMaxInputsPerRun;

    /// <summary>The timeline as JSON, in bytes.</summary>
    public int MaxTimelineBytes { get; set; } = DefaultMaxTimelineBytes;
}

/// <summary>Checks the "Limits" section when the silo starts; each message names the key and the rule.</summary>
public sealed class WorkLimitsValidator : IValidateOptions<WorkLimits>
{
    private const string Section = WorkLimits.SectionName;

    public ValidateOptionsResult Validate(string? name, WorkLimits options)
    {
        var failures = new List<string>();
        if (options.MaxPixelFrames < 1)
            failures.Add($"{Section}:{nameof(WorkLimits.MaxPixelFrames)} must be at least 1 (was {options.MaxPixelFrames})");
        if (options.MaxChunks is < 1 or > JobOptionsRules.MaxChunkCount)
            failures.Add($"{Section}:{nameof(WorkLimits.MaxChunks)} must be from 1 to {JobOptionsRules.MaxChunkCount} (was {options.MaxChunks})");
        if (options.MaxClips < 1)
            failures.Add($"{Section}:{nameof(WorkLimits.MaxClips)} must be at least 1 (was {options.MaxClips})");
        // Fewer than two and a crossfade (two clips on screen at once) could never render.
        if (options.MaxInputsPerRun is < 2 or > 1024)
            failures.Add($"{Section}:{nameof(WorkLimits.MaxInputsPerRun)} must be from 2 to 1024 (was {options.MaxInputsPerRun})");
        if (options.MaxTimelineBytes < 1024)
            failures.Add($"{Section}:{nameof(WorkLimits.MaxTimelineBytes)} must be at least 1024 (was {options.MaxTimelineBytes})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
