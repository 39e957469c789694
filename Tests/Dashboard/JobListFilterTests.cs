using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using RenderFarm.Dashboard.Pages.Jobs;
using RenderFarm.Jobs;

namespace RenderFarm.Tests.Dashboard;

/// <summary>The job list's view and its address: what the address asks the farm's index for, and the addresses its links make.</summary>
public sealed class JobListFilterTests
{
    [Fact]
    public void The_address_s_filters_become_the_index_query_and_survive_a_sort_link()
    {
        var filter = JobListFilter.From(Query(("state", "Rendering"), ("state", "queued"), ("user", "ana"), ("project", "trailer"), ("q", "final cut")));

        var query = filter.ToQuery();
        Assert.Equal([JobState.Rendering, JobState.Queued], query.States);
        Assert.Equal(("ana", "trailer", "final cut"), (query.Submitter, query.Project, query.Text));
        Assert.Equal("/jobs?state=Rendering&state=Queued&user=ana&project=trailer&q=final%20cut&sort=name&dir=asc", filter.SortedBy("name"));
        Assert.Equal("descending", filter.AriaSort("submitted"));
    }

    [Theory]
    [InlineData("state", "Exploded", "state must be one of")]
    [InlineData("sort", "colour", "sort must be one of submitted, name")]
    [InlineData("dir", "up", "dir must be asc or desc")]
    public void A_value_the_list_does_not_know_is_refused_by_name(string name, string value, string message)
    {
        var refusal = Assert.Throws<ArgumentException>(() => JobListFilter.From(Query((name, value))));

        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sorting_orders_the_page_by_the_column_and_a_second_click_turns_it_round()
    {
        JobSummary Job(string name, int done) => new(Guid.NewGuid(), name, "default", "ana", JobState.Rendering, JobPriority.Normal, DateTimeOffset.UtcNow, null, null, 100, done, 1, 0, null, "");
        var jobs = new[] { Job("b", 50), Job("a", 10), Job("c", 90) };

        var byName = JobListFilter.From(Query(("sort", "name")));
        var byProgress = JobListFilter.From(Query(("sort", "progress")));

        Assert.Equal(["a", "b", "c"], byName.Order(jobs).Select(j => j.Name));
        Assert.Equal(["c", "b", "a"], byProgress.Order(jobs).Select(j => j.Name));
        Assert.Contains("dir=desc", byName.SortedBy("name"), StringComparison.Ordinal);
    }

    private static QueryCollection Query(params (string Name, string Value)[] values) =>
        new(values.GroupBy(v => v.Name).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(v => v.Value)])));
}
