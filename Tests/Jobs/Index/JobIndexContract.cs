using RenderFarm.Jobs;

namespace RenderFarm.Tests.Jobs.Index;

/// <summary>
/// What every <see cref="IJobIndex"/> does, checked on each implementation by a subclass: filters,
/// newest-first order with a total tie-break, keyset pages that visit every job once, upserts, and
/// the errors a bad query gets.
/// </summary>
public abstract class JobIndexContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An empty index of a farm of its own.</summary>
    protected abstract IJobIndex Index { get; }

    [Fact]
    public async Task An_empty_index_lists_no_jobs_and_no_next_page()
    {
        var page = await Index.ListAsync(new JobQuery(), TestContext.Current.CancellationToken);
        Assert.Empty(page.Jobs);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task Filters_by_state_pool_and_submitter_alone_and_together()
    {
        var jobs = new List<JobSummary>();
        var states = new[] { JobState.Queued, JobState.Rendering, JobState.Completed, JobState.Failed };
        var pools = new[] { "default", "gpu" };
        var submitters = new[] { "ana", "ben", "chloé" };
        var n = 0;
        foreach (var state in states)
        foreach (var pool in pools)
        foreach (var submitter in submitters)
            jobs.Add(Job(T0.AddMinutes(n++), state, pool, submitter));
        await RecordAllAsync(jobs);

        await AssertListsAsync(jobs, new JobQuery { Limit = 500 });
        await AssertListsAsync(jobs.Where(j => j.State == JobState.Failed), new JobQuery { States = [JobState.Failed] });
        await AssertListsAsync(jobs.Where(j => j.State is JobState.Queued or JobState.Rendering), new JobQuery { States = [JobState.Rendering, JobState.Queued, JobState.Rendering] });
        await AssertListsAsync(jobs.Where(j => j.Pool == "gpu"), new JobQuery { Pool = "gpu" });
        await AssertListsAsync(jobs.Where(j => j.Submitter == "chloé"), new JobQuery { Submitter = "chloé" });
        await AssertListsAsync(jobs.Where(j => j.State == JobState.Completed && j.Pool == "default" && j.Submitter == "ben"),
            new JobQuery { States = [JobState.Completed], Pool = "default", Submitter = "ben" });
        await AssertListsAsync(jobs.Where(j => j.Pool == "gpu" && j.Submitter == "ana"), new JobQuery { Pool = "gpu", Submitter = "ana" });
        // Empty state list: any state. Names are matched exactly.
        await AssertListsAsync(jobs, new JobQuery { States = [], Limit = 500 });
        await AssertListsAsync([], new JobQuery { Pool = "GPU" });
        await AssertListsAsync([], new JobQuery { States = [JobState.Cancelled] });
    }

    [Fact]
    public async Task Filters_by_project_alone_and_with_submitter_and_state()
    {
        var jobs = new List<JobSummary>();
        var n = 0;
        foreach (var state in new[] { JobState.Rendering, JobState.Completed, JobState.Failed })
        foreach (var submitter in new[] { "ana", "ben" })
        foreach (var project in new[] { "acme", "studio-b", "" })
            jobs.Add(Job(T0.AddMinutes(n++), state, submitter: submitter, project: project));
        await RecordAllAsync(jobs);

        await AssertListsAsync(jobs.Where(j => j.Project == "acme"), new JobQuery { Project = "acme" });
        await AssertListsAsync(jobs.Where(j => j.Project == "studio-b" && j.Submitter == "ben"), new JobQuery { Project = "studio-b", Submitter = "ben" });
        await AssertListsAsync(jobs.Where(j => j.Project == "acme" && j.State is JobState.Completed or JobState.Failed),
            new JobQuery { Project = "acme", States = [JobState.Failed, JobState.Completed] });
        await AssertListsAsync(jobs.Where(j => j is { Project: "acme", Submitter: "ana", State: JobState.Rendering, Pool: "default" }),
            new JobQuery { Project = "acme", Submitter = "ana", States = [JobState.Rendering], Pool = "default" });
        // A job indexed before jobs had projects has "", which is a project like any other; names are matched exactly.
        await AssertListsAsync(jobs.Where(j => j.Project == ""), new JobQuery { Project = "" });
        await AssertListsAsync([], new JobQuery { Project = "ACME" });
        await AssertListsAsync([], new JobQuery { Project = "acme", Pool = "gpu" });
    }

    [Fact]
    public async Task Text_matches_a_name_in_any_case_or_the_start_of_an_id_with_or_without_dashes()
    {
        var trailer = Job(T0) with { Name = "Trailer final CUT" };
        var teaser = Job(T0.AddMinutes(1), JobState.Rendering) with { Name = "teaser 100%_draft" };
        var other = Job(T0.AddMinutes(2), submitter: "ben") with { Name = "other" };
        await RecordAllAsync([trailer, teaser, other]);

        await AssertListsAsync([trailer], new JobQuery { Text = "final cut" });
        await AssertListsAsync([trailer, teaser], new JobQuery { Text = "R " });
        // LIKE's wildcards are plain characters here.
        await AssertListsAsync([teaser], new JobQuery { Text = "100%_" });
        await AssertListsAsync([], new JobQuery { Text = "%draft" });
        await AssertListsAsync([other], new JobQuery { Text = other.JobId.ToString()[..13] });
        await AssertListsAsync([other], new JobQuery { Text = other.JobId.ToString("N")[..10].ToUpperInvariant() });
        await AssertListsAsync([teaser], new JobQuery { Text = "teaser", States = [JobState.Rendering], Submitter = "ana" });
    }

    [Fact]
    public async Task A_summary_without_a_project_is_kept_with_an_empty_one()
    {
        // What a silo of a version before projects sends: the field missing, so null after deserialising.
        var old = Job(T0) with { Project = null! };
        await Index.RecordAsync(old, TestContext.Current.CancellationToken);

        Assert.Equal(old with { Project = "" }, Assert.Single((await Index.ListAsync(new JobQuery { Project = "" }, TestContext.Current.CancellationToken)).Jobs));
    }

    [Fact]
    public async Task Counts_a_pools_jobs_by_their_latest_state()
    {
        var first = Job(T0, JobState.Queued, "default", "ana");
        await RecordAllAsync([first, Job(T0.AddMinutes(1), JobState.Rendering, "default", "ben"), Job(T0.AddMinutes(2), JobState.Rendering, "default", "ana"),
            Job(T0.AddMinutes(3), JobState.Completed, "gpu", "ana")]);
        await RecordAllAsync([first with { State = JobState.Completed }]);

        var counts = await Index.CountByStateAsync("default", TestContext.Current.CancellationToken);

        Assert.Equal(new Dictionary<JobState, int> { [JobState.Rendering] = 2, [JobState.Completed] = 1 }, counts.OrderBy(c => c.Key).ToDictionary());
        Assert.Empty(await Index.CountByStateAsync("none", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Lists_newest_first_and_jobs_submitted_at_the_same_time_by_job_id_descending()
    {
        var same = T0.AddHours(1);
        Guid[] ids =
        [
            new("00000000-0000-0000-0000-000000000001"),
            new("ffffffff-0000-0000-0000-000000000000"),
            new("7fffffff-ffff-ffff-ffff-ffffffffffff"),
            new("80000000-0000-0000-0000-000000000000"),
            new("00000001-0000-0000-0000-000000000000"),
            new("00000000-0000-0000-0000-000000000100"),
            new("00000000-0000-8000-0000-000000000000"),
        ];
        var jobs = ids.Select(id => Job(same, id: id)).Append(Job(T0)).Append(Job(T0.AddHours(2))).ToList();
        await RecordAllAsync(jobs);

        var listed = (await Index.ListAsync(new JobQuery(), TestContext.Current.CancellationToken)).Jobs;
        Assert.Equal(T0.AddHours(2), listed[0].SubmittedAt);
        Assert.Equal(T0, listed[^1].SubmittedAt);
        Assert.Equal(
            ids.Select(id => id.ToString()).OrderDescending(StringComparer.Ordinal),
            listed.Skip(1).Take(ids.Length).Select(j => j.JobId.ToString()));
    }

    [Fact]
    public async Task Keyset_pages_visit_every_job_once_in_order_and_the_last_page_has_no_token()
    {
        // 103 jobs, many submitted at the same second, in pages of 10: 11 pages, the last of 3.
        var random = new Random(7);
        var jobs = Enumerable.Range(0, 103)
            .Select(i => Job(T0.AddSeconds(random.Next(20)), i % 3 == 0 ? JobState.Failed : JobState.Completed, submitter: i % 2 == 0 ? "ana" : "ben"))
            .ToList();
        await RecordAllAsync(jobs.OrderBy(_ => random.Next()));

        var pages = await AllPagesAsync(new JobQuery { Limit = 10 });
        Assert.Equal(11, pages.Count);
        Assert.All(pages.SkipLast(1), page => Assert.Equal(10, page.Jobs.Count));
        Assert.Equal(3, pages[^1].Jobs.Count);
        Assert.Equal(Expected(jobs).Select(j => j.JobId), pages.SelectMany(p => p.Jobs).Select(j => j.JobId));

        // With a filter too, and a limit that divides the matches exactly: no empty page at the end.
        var failed = Expected(jobs.Where(j => j.State == JobState.Failed)).ToList();
        Assert.Equal(35, failed.Count);
        var filtered = await AllPagesAsync(new JobQuery { States = [JobState.Failed], Limit = 5 });
        Assert.Equal(7, filtered.Count);
        Assert.Equal(failed.Select(j => j.JobId), filtered.SelectMany(p => p.Jobs).Select(j => j.JobId));
    }

    [Fact]
    public async Task The_next_page_stays_where_it_was_while_newer_jobs_arrive()
    {
        var jobs = Enumerable.Range(0, 6).Select(i => Job(T0.AddMinutes(i))).ToList();
        await RecordAllAsync(jobs);
        var first = await Index.ListAsync(new JobQuery { Limit = 3 }, TestContext.Current.CancellationToken);

        await Index.RecordAsync(Job(T0.AddMinutes(10)), TestContext.Current.CancellationToken);
        var second = await Index.ListAsync(new JobQuery { Limit = 3, PageToken = first.NextPageToken }, TestContext.Current.CancellationToken);
        Assert.Equal(Expected(jobs).Skip(3).Select(j => j.JobId), second.Jobs.Select(j => j.JobId));
        Assert.Null(second.NextPageToken);
    }

    [Fact]
    public async Task Recording_a_job_again_updates_it_in_place()
    {
        var job = Job(T0, JobState.Queued);
        var other = Job(T0.AddMinutes(1));
        await RecordAllAsync([job, other]);

        var finished = job with
        {
            State = JobState.Failed,
            StartedAt = T0.AddSeconds(3),
            FinishedAt = T0.AddSeconds(90),
            FramesDone = 100,
            ChunksDone = 3,
            Error = new string('x', 2_000),
        };
        await Index.RecordAsync(finished, TestContext.Current.CancellationToken);

        var listed = (await Index.ListAsync(new JobQuery(), TestContext.Current.CancellationToken)).Jobs;
        Assert.Equal(2, listed.Count);
        var stored = Assert.Single(listed, j => j.JobId == job.JobId);
        Assert.Equal(finished with { Error = stored.Error }, stored);
        Assert.Equal(JobSummary.MaxErrorLength, stored.Error!.Length);
        Assert.StartsWith(new string('x', 400), stored.Error);
        Assert.Empty((await Index.ListAsync(new JobQuery { States = [JobState.Queued] }, TestContext.Current.CancellationToken)).Jobs);
        Assert.Equal(job.JobId, Assert.Single((await Index.ListAsync(new JobQuery { States = [JobState.Failed] }, TestContext.Current.CancellationToken)).Jobs).JobId);
    }

    [Fact]
    public async Task Every_field_of_a_summary_comes_back_as_recorded()
    {
        var job = new JobSummary(Guid.NewGuid(), "Trailer – final", "gpu", "chloé@studio", JobState.Merging, JobPriority.Urgent,
            T0.ToOffset(TimeSpan.FromHours(2)), T0.AddSeconds(1), null, 2_400, 2_400, 12, 12, null, "spring-campaign_2026");
        await Index.RecordAsync(job, TestContext.Current.CancellationToken);
        Assert.Equal(job, Assert.Single((await Index.ListAsync(new JobQuery(), TestContext.Current.CancellationToken)).Jobs));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(501)]
    public async Task A_limit_out_of_range_is_refused_naming_the_field(int limit)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Index.ListAsync(new JobQuery { Limit = limit }, TestContext.Current.CancellationToken));
        Assert.Equal(nameof(JobQuery.Limit), error.ParamName);
        Assert.Contains("JobQuery.Limit must be between 1 and 500", error.Message);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    [InlineData("AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_page_token_the_index_did_not_give_out_is_refused_naming_the_field(string token)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Index.ListAsync(new JobQuery { PageToken = token }, TestContext.Current.CancellationToken));
        Assert.Equal(nameof(JobQuery.PageToken), error.ParamName);
    }

    protected static JobSummary Job(DateTimeOffset submittedAt, JobState state = JobState.Completed, string pool = "default", string submitter = "ana",
        Guid? id = null, string project = "acme") =>
        new(id ?? Guid.NewGuid(), "job", pool, submitter, state, JobPriority.Normal, submittedAt,
            StartedAt: null, FinishedAt: null, TotalFrames: 100, FramesDone: 0, ChunksTotal: 4, ChunksDone: 0, Error: null, Project: project);

    /// <summary>Newest first, then job id descending as its text: the order the contract promises, computed apart from the index.</summary>
    protected static IEnumerable<JobSummary> Expected(IEnumerable<JobSummary> jobs) =>
        jobs.OrderByDescending(j => j.SubmittedAt).ThenByDescending(j => j.JobId.ToString(), StringComparer.Ordinal);

    protected async Task RecordAllAsync(IEnumerable<JobSummary> jobs)
    {
        foreach (var job in jobs)
            await Index.RecordAsync(job, TestContext.Current.CancellationToken);
    }

    private async Task AssertListsAsync(IEnumerable<JobSummary> expected, JobQuery query)
    {
        var page = await Index.ListAsync(query, TestContext.Current.CancellationToken);
        Assert.Equal(Expected(expected).Select(j => j.JobId), page.Jobs.Select(j => j.JobId));
        Assert.Null(page.NextPageToken);
    }

    private async Task<List<JobPage>> AllPagesAsync(JobQuery query)
    {
        var pages = new List<JobPage>();
        do
        {
            pages.Add(await Index.ListAsync(query with { PageToken = pages.LastOrDefault()?.NextPageToken }, TestContext.Current.CancellationToken));
            Assert.True(pages.Count < 1_000, "the pages never end");
        }
        while (pages[^1].NextPageToken is not null);
        return pages;
    }
}
