namespace RenderFarm.Jobs;

/// <summary>
/// Which jobs a listing wants, newest first (<see cref="JobSummary.SubmittedAt"/> descending, then
/// <see cref="JobSummary.JobId"/> descending), and which page of them. Filters left null match any job.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobQuery")]
public sealed record JobQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Jobs in any of these states; null or empty for any state.</summary>
    [Id(0)] public IReadOnlyList<JobState>? States { get; init; }
    [Id(1)] public string? Pool { get; init; }
    [Id(2)] public string? Submitter { get; init; }
    /// <summary>Most jobs on one page, 1 to <see cref="MaxLimit"/>.</summary>
    [Id(3)] public int Limit { get; init; } = DefaultLimit;
    /// <summary><see cref="JobPage.NextPageToken"/> of the previous page, or null for the first page.</summary>
    [Id(4)] public string? PageToken { get; init; }
    /// <summary>Jobs of this project (who pays); after the paging fields because it came later.</summary>
    [Id(5)] public string? Project { get; init; }
    /// <summary>Jobs whose name holds this text (any case), or whose id (with or without dashes) starts with it.</summary>
    [Id(6)] public string? Text { get; init; }

    public const int MaxTextLength = 200;

    /// <summary>The start of a job id <see cref="Text"/> matches: lower-case hexadecimal without dashes.</summary>
    public string? IdPrefix => Text?.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Limit is < 1 or > MaxLimit)
            throw new ArgumentException($"{nameof(JobQuery)}.{nameof(Limit)} must be between 1 and {MaxLimit} (was {Limit})", nameof(Limit));
        if (Text is { Length: > MaxTextLength })
            throw new ArgumentException($"{nameof(JobQuery)}.{nameof(Text)} must be at most {MaxTextLength} characters (was {Text.Length})", nameof(Text));
    }
}
