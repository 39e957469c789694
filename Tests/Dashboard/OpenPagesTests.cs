using RenderFarm.Access;
using RenderFarm.Dashboard.Live;
using RenderFarm.Dashboard.SignIn;
using RenderFarm.Jobs;

namespace RenderFarm.Tests.Dashboard;

/// <summary>Which open page hears of which change, and that a page that stops reading never grows the dashboard.</summary>
public sealed class OpenPagesTests
{
    private static readonly DashboardUser Alice = new(new CallerIdentity("alice", CallerRole.User, []), "key-a");
    private static readonly DashboardUser Ops = new(new CallerIdentity("ops", CallerRole.Operator, []), "key-o");

    [Fact]
    public void A_user_s_page_hears_only_of_their_own_jobs_and_an_operator_s_of_all()
    {
        var pages = new OpenPages();
        var alice = new OpenPage(Alice, LiveTopics.Parse("jobs")!, 16);
        var ops = new OpenPage(Ops, LiveTopics.Parse("jobs")!, 16);
        using var a = pages.Open(alice);
        using var o = pages.Open(ops);

        pages.JobChanged(Summary("alice"));
        pages.JobChanged(Summary("bob"));

        Assert.Equal(["alice"], Drain(alice).Select(u => u.Submitter));
        Assert.Equal(["alice", "bob"], Drain(ops).Select(u => u.Submitter));
    }

    [Fact]
    public void A_job_s_page_hears_only_of_its_job()
    {
        var pages = new OpenPages();
        var followed = Summary("alice");
        var page = new OpenPage(Alice, LiveTopics.Parse($"job:{followed.JobId}")!, 16);
        using var open = pages.Open(page);

        pages.JobChanged(Summary("alice"));
        pages.JobChanged(followed);

        Assert.Equal([followed.JobId], Drain(page).Select(u => u.JobId));
    }

    [Fact]
    public void A_page_that_stops_reading_keeps_only_its_latest_updates_and_a_closed_page_hears_nothing()
    {
        var pages = new OpenPages();
        var page = new OpenPage(Alice, LiveTopics.Parse("jobs")!, 16);
        var open = pages.Open(page);
        var jobs = Enumerable.Range(0, 100).Select(_ => Summary("alice")).ToList();

        foreach (var job in jobs)
            pages.JobChanged(job);
        open.Dispose();
        pages.JobChanged(Summary("alice"));

        Assert.Equal(jobs.TakeLast(16).Select(j => j.JobId), Drain(page).Select(u => u.JobId));
        Assert.Equal(0, pages.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("everything")]
    [InlineData("job:not-a-guid")]
    [InlineData("jobs,nodes")]
    public void Topics_that_name_nothing_known_are_refused(string topics) => Assert.Null(LiveTopics.Parse(topics));

    private static List<JobUpdate> Drain(OpenPage page)
    {
        var updates = new List<JobUpdate>();
        while (page.Updates.TryRead(out var update))
            updates.Add((JobUpdate)update.Data);
        return updates;
    }

    private static JobSummary Summary(string submitter) =>
        new(Guid.NewGuid(), "job", "default", submitter, JobState.Rendering, JobPriority.Normal, DateTimeOffset.UtcNow, null, null, 100, 10, 4, 1, null, "default");
}
