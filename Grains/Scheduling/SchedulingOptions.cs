using Microsoft.Extensions.Options;

namespace RenderFarm.Scheduling;

/// <summary>How the scheduler shares the pool's slots among waiting jobs and their users. Section "Scheduling".</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>
    /// Long enough that a busy farm still runs a higher class first (a render takes minutes), short
    /// enough that low-priority work waiting behind a steady stream of normal work starts within the
    /// hour: after one step it competes as normal, after two as high.
    /// </summary>
    public static readonly TimeSpan DefaultAgeingStep = TimeSpan.FromMinutes(15);

    /// <summary>The weight of a user without one of their own: every such user gets an equal share.</summary>
    public const double DefaultWeight = 1;

    /// <summary>A job's effective priority class rises one step for every step its work has waited since it was submitted, up to high.</summary>
    public TimeSpan AgeingStep { get; set; } = DefaultAgeingStep;

    /// <summary>
    /// A user's (a job's submitter's) share of the slots against others' (<c>Scheduling:UserWeights:ana = 2</c>):
    /// a user of weight 2 gets twice the slots of a user of weight 1 when both have work waiting.
    /// </summary>
    public Dictionary<string, double> UserWeights { get; set; } = new(StringComparer.Ordinal);

    public double WeightOf(string user) => UserWeights.TryGetValue(user, out var weight) ? weight : DefaultWeight;
}

/// <summary>Checks the "Scheduling" section when the silo starts; each message names the key and the rule.</summary>
public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    private const string Section = SchedulingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var failures = new List<string>();
        if (options.AgeingStep <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(SchedulingOptions.AgeingStep)} must be positive (was {options.AgeingStep})");
        foreach (var (user, weight) in options.UserWeights)
        {
            if (!double.IsFinite(weight) || weight <= 0)
                failures.Add($"{Section}:{nameof(SchedulingOptions.UserWeights)}:{user} must be a positive number (was {weight})");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
