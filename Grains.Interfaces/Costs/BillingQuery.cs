namespace RenderFarm.Costs;

/// <summary>
/// Whose bill, for which days: one job; a user (optionally of one project); a project; or a pool, the
/// cluster's bill with its machines' uptime and idle time. Days are UTC, both ends included; without
/// them, everything.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.BillingQuery")]
public sealed record BillingQuery
{
    [Id(0)] public Guid? JobId { get; init; }
    [Id(1)] public string? User { get; init; }
    [Id(2)] public string? Project { get; init; }
    [Id(3)] public string? Pool { get; init; }
    [Id(4)] public DateOnly? From { get; init; }
    [Id(5)] public DateOnly? To { get; init; }

    public static BillingQuery ForJob(Guid jobId) => new() { JobId = jobId };
    public static BillingQuery ForUser(string user) => new() { User = user };
    public static BillingQuery ForProject(string project) => new() { Project = project };
    public static BillingQuery ForPool(string pool) => new() { Pool = pool };

    /// <summary>The days of a month.</summary>
    public BillingQuery InMonth(int year, int month) => this with
    {
        From = new DateOnly(year, month, 1),
        To = new DateOnly(year, month, 1).AddMonths(1).AddDays(-1),
    };

    public bool Covers(DateOnly day) => (From is null || day >= From) && (To is null || day <= To);

    /// <exception cref="ArgumentException">The query names no account, or more than one kind; or its days are reversed.</exception>
    public void Validate()
    {
        var subjects = (JobId is not null ? 1 : 0) + (User is not null ? 1 : 0) + (Pool is not null ? 1 : 0) + (Project is not null && User is null ? 1 : 0);
        if (subjects != 1)
            throw new ArgumentException("billing: name exactly one of job, user (with or without project), project or pool", nameof(BillingQuery));
        if (JobId is not null && (From is not null || To is not null))
            throw new ArgumentException("billing.from/to: a job's bill covers the whole job", nameof(BillingQuery));
        if (From is { } from && To is { } to && to < from)
            throw new ArgumentException($"billing.to: must not be before from ({from:yyyy-MM-dd}), was {to:yyyy-MM-dd}", nameof(BillingQuery));
    }
}
