using Microsoft.AspNetCore.Http.Extensions;
using RenderFarm.Jobs;

namespace RenderFarm.Dashboard.Pages.Jobs;

/// <summary>
/// The job list's view as its address holds it (<c>/jobs?state=Rendering&amp;user=alice&amp;q=trailer&amp;sort=name</c>),
/// so that a view can be shared; the farm's index filters, the page sorts what it shows.
/// </summary>
public sealed record JobListFilter(IReadOnlyList<JobState> States, string? User, string? Project, string? Pool, string? Text, string Sort, bool Descending, string? PageToken)
{
    public const int PageSize = 100;
    public static readonly string[] Sorts = ["submitted", "name", "state", "progress", "user", "project", "priority"];

    /// <exception cref="ArgumentException">A value is not one the list knows; the message names the parameter.</exception>
    public static JobListFilter From(IQueryCollection query)
    {
        var states = new List<JobState>();
        foreach (var value in query["state"])
        {
            if (string.IsNullOrEmpty(value))
                continue;
            if (!Enum.TryParse<JobState>(value, ignoreCase: true, out var state) || !Enum.IsDefined(state))
                throw new ArgumentException($"state must be one of {string.Join(", ", Enum.GetNames<JobState>())} (was '{value}')", "state");
            states.Add(state);
        }
        var sort = Value(query, "sort") ?? "submitted";
        if (!Sorts.Contains(sort))
            throw new ArgumentException($"sort must be one of {string.Join(", ", Sorts)} (was '{sort}')", "sort");
        var dir = Value(query, "dir");
        if (dir is not (null or "asc" or "desc"))
            throw new ArgumentException($"dir must be asc or desc (was '{dir}')", "dir");
        return new JobListFilter(states, Value(query, "user"), Value(query, "project"), Value(query, "pool"), Value(query, "q"), sort,
            dir is null ? sort is "submitted" or "progress" or "priority" : dir == "desc", Value(query, "page"));
    }

    public JobQuery ToQuery() => new()
    {
        States = States.Count > 0 ? States : null,
        Submitter = User,
        Project = Project,
        Pool = Pool,
        Text = Text,
        Limit = PageSize,
        PageToken = PageToken,
    };

    public IEnumerable<JobSummary> Order(IEnumerable<JobSummary> jobs)
    {
        Func<JobSummary, IComparable> key = Sort switch
        {
            "name" => j => j.Name,
            "state" => j => j.State.ToString(),
            "progress" => j => j.TotalFrames > 0 ? (double)j.FramesDone / j.TotalFrames : 0,
            "user" => j => j.Submitter,
            "project" => j => j.Project,
            "priority" => j => j.Priority,
            _ => j => j.SubmittedAt,
        };
        return Descending ? jobs.OrderByDescending(key) : jobs.OrderBy(key);
    }

    /// <summary>The address of this view sorted by <paramref name="column"/> (the other way round if it is sorted by it already).</summary>
    public string SortedBy(string column) => Address(this with { Sort = column, Descending = column == Sort ? !Descending : column is "submitted" or "progress" or "priority", PageToken = null });

    public string NextPage(string token) => Address(this with { PageToken = token });

    public string? AriaSort(string column) => column == Sort ? (Descending ? "descending" : "ascending") : null;

    private static string Address(JobListFilter filter)
    {
        var query = new QueryBuilder();
        foreach (var state in filter.States)
            query.Add("state", state.ToString());
        void Add(string name, string? value)
        {
            if (value is { Length: > 0 })
                query.Add(name, value);
        }
        Add("user", filter.User);
        Add("project", filter.Project);
        Add("pool", filter.Pool);
        Add("q", filter.Text);
        Add("sort", filter.Sort);
        Add("dir", filter.Descending ? "desc" : "asc");
        Add("page", filter.PageToken);
        return "/jobs" + query.ToQueryString();
    }

    private static string? Value(IQueryCollection query, string name) => query[name].FirstOrDefault() is { Length: > 0 } value ? value.Trim() : null;
}
