using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Reclaim;

/// <summary>
/// Whether this node is a spot or preemptible machine whose provider may reclaim it, and where its
/// provider posts the notice. Section "RenderNode:Reclaim"; the autoscaler sets it for the spot
/// machines it launches. On notice the node takes no new work; a running chunk that finishes in time
/// runs on, any other is stopped at a frame boundary and commits the frames it finished.
/// </summary>
public sealed class ReclaimOptions
{
    public const string SectionName = "RenderNode:Reclaim";

    /// <summary>aws (EC2 instance metadata spot/instance-action, two minutes), gcp (metadata instance/preempted, 30 s), azure (Scheduled Events Preempt, at least 30 s); unset for a machine nobody reclaims.</summary>
    public string? Provider { get; set; }

    /// <summary>The metadata service's base address; unset for the provider's own (169.254.169.254, metadata.google.internal).</summary>
    public string? MetadataUrl { get; set; }

    /// <summary>The machine's name at its provider, which Azure's events name (unset: the machine's host name).</summary>
    public string? MachineName { get; set; }

    /// <summary>How often the notice is looked for: well within the shortest notice (30 s).</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long before the machine goes its chunks must be stopped to be committed in time: a graceful
    /// stop, the file's probe and verification, and its upload. A running chunk not expected to finish
    /// this long before the machine goes is stopped at once and commits the frames it finished.
    /// </summary>
    public TimeSpan CommitMargin { get; set; } = TimeSpan.FromSeconds(15);

    public string ResolvedMetadataUrl => MetadataUrl ?? (Provider == "gcp" ? "http://metadata.google.internal/" : "http://169.254.169.254/");
}

public sealed class ReclaimOptionsValidator : IValidateOptions<ReclaimOptions>
{
    public ValidateOptionsResult Validate(string? name, ReclaimOptions options)
    {
        var failures = new List<string>();
        if (options.Provider is { } provider && provider is not ("aws" or "gcp" or "azure"))
            failures.Add($"{ReclaimOptions.SectionName}:{nameof(ReclaimOptions.Provider)} must be aws, gcp or azure, or unset (was {provider})");
        if (options.MetadataUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            failures.Add($"{ReclaimOptions.SectionName}:{nameof(ReclaimOptions.MetadataUrl)} must be an absolute address (was {url})");
        if (options.PollPeriod <= TimeSpan.Zero || options.PollPeriod > TimeSpan.FromSeconds(15))
            failures.Add($"{ReclaimOptions.SectionName}:{nameof(ReclaimOptions.PollPeriod)} must be positive and at most 15 s, within the shortest notice (was {options.PollPeriod})");
        if (options.CommitMargin <= TimeSpan.Zero || options.CommitMargin >= TimeSpan.FromMinutes(2))
            failures.Add($"{ReclaimOptions.SectionName}:{nameof(ReclaimOptions.CommitMargin)} must be positive and under two minutes, the longest notice (was {options.CommitMargin})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
