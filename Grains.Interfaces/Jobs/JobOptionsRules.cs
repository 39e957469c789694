using System.Text.RegularExpressions;
using RenderFarm.Notifications;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>The rules a job's options must keep, reported like timeline errors (field: rule).</summary>
public static partial class JobOptionsRules
{
    public const int MaxChunkCount = 10_000;
    public const int MaxNameLength = 200;
    public const int MaxIdentityLength = 64;
    public const decimal MaxCostCeiling = 1_000_000m;

    /// <summary>The submitter of a job whose client did not name one.</summary>
    public const string UnknownSubmitter = "unknown";

    /// <summary>The project of a job whose client did not name one.</summary>
    public const string DefaultProject = "default";

    public static IReadOnlyList<ValidationError> Check(JobOptions? options)
    {
        if (options is null)
            return [new ValidationError("options", "is required")];
        var errors = new List<ValidationError>();
        if (options.ChunkCount is { } count && count is < 1 or > MaxChunkCount)
            errors.Add(new ValidationError("options.chunkCount", $"must be between 1 and {MaxChunkCount}"));
        if (options.ChunkFrames is < 1)
            errors.Add(new ValidationError("options.chunkFrames", "must be > 0"));
        if (options.ChunkCount is not null && options.ChunkFrames is not null)
            errors.Add(new ValidationError("options.chunkFrames", "cannot be combined with options.chunkCount"));
        if (options.Name is { Length: > MaxNameLength })
            errors.Add(new ValidationError("options.name", $"must be at most {MaxNameLength} characters"));
        else if (options.Name is { } name && name.Any(char.IsControl))
            errors.Add(new ValidationError("options.name", "must not hold control characters"));
        if (!Enum.IsDefined(options.Priority))
            errors.Add(new ValidationError("options.priority", "must be low, normal, high or urgent"));
        CheckIdentity(options.Pool, "options.pool", errors);
        CheckIdentity(options.Submitter, "options.submitter", errors);
        CheckIdentity(options.Project, "options.project", errors);
        if (options.MaxCost is { } cap && cap is <= 0 or > MaxCostCeiling)
            errors.Add(new ValidationError("options.maxCost", $"must be more than 0 and at most {MaxCostCeiling}, or unset for no cap (was {cap})"));
        if (options.Requirements is null)
            errors.Add(new ValidationError("options.requirements", "is required (NodeRequirements.None for none)"));
        else if (options.Requirements.MinCores < 0 || options.Requirements.MinMemoryBytes < 0)
            errors.Add(new ValidationError("options.requirements", "minCores and minMemoryBytes must be >= 0"));
        errors.AddRange(NotificationSettingsRules.Check(options.Notifications, "options.notifications"));
        return errors;
    }

    /// <summary>The rules of a change of priority or deadline after submission, at <paramref name="now"/>.</summary>
    public static IReadOnlyList<ValidationError> CheckChange(PriorityChange? change, DateTimeOffset now)
    {
        if (change is null)
            return [new ValidationError("change", "is required")];
        var errors = new List<ValidationError>();
        if (change.Priority is { } priority && !Enum.IsDefined(priority))
            errors.Add(new ValidationError("priority", "must be low, normal, high or urgent"));
        if (change.Deadline is { } deadline && change.ClearDeadline)
            errors.Add(new ValidationError("deadline", "cannot be combined with clearDeadline"));
        else if (change.Deadline is { } future && future <= now)
            errors.Add(new ValidationError("deadline", $"must be in the future (was {future:O}, now {now:O})"));
        if (change.Priority is null && change.Deadline is null && !change.ClearDeadline)
            errors.Add(new ValidationError("change", "names nothing to change: give a priority, a deadline or clearDeadline"));
        return errors;
    }

    /// <summary>Whether <paramref name="value"/> may name a pool, user or project: 1 to 64 letters, digits, '.', '_', '-' or '@'.</summary>
    public static bool IsIdentity(string value) => Identity().IsMatch(value);

    private static void CheckIdentity(string? value, string field, List<ValidationError> errors)
    {
        if (value is not null && !Identity().IsMatch(value))
            errors.Add(new ValidationError(field, $"must be 1 to {MaxIdentityLength} letters, digits, '.', '_', '-' or '@'"));
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex Identity();
}
