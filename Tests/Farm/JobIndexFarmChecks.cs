using RenderFarm.Client;
using RenderFarm.Jobs;

namespace RenderFarm.Tests.Farm;

/// <summary>What the job index tests of every mode record and check.</summary>
internal static class JobIndexFarmChecks
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Jobs recorded by the silos in turn: a third failed, pools, submitters and projects alternating.</summary>
    public static async Task<List<JobSummary>> RecordFromEverySiloAsync(IReadOnlyList<IJobIndex> indexes, int count)
    {
        var jobs = new List<JobSummary>();
        for (var i = 0; i < count; i++)
        {
            var job = new JobSummary(Guid.NewGuid(), $"job {i}", i % 2 == 0 ? "gpu" : "default", i % 3 == 0 ? "ana" : "ben",
                i % 3 == 1 ? JobState.Failed : JobState.Completed, JobPriority.Normal, T0.AddSeconds(i / 2), T0.AddSeconds(i), T0.AddSeconds(i + 60),
                TotalFrames: 48, FramesDone: 48, ChunksTotal: 2, ChunksDone: 2, Error: null, Project: i % 5 < 2 ? "acme" : "studio-b");
            await indexes[i % indexes.Count].RecordAsync(job, TestContext.Current.CancellationToken);
            jobs.Add(job);
        }
        return jobs;
    }

    public static async Task AssertListedAsync(IRenderFarm farm, IReadOnlyList<JobSummary> jobs)
    {
        var expected = jobs.OrderByDescending(j => j.SubmittedAt).ThenByDescending(j => j.JobId.ToString(), StringComparer.Ordinal).ToList();
        var listed = new List<JobSummary>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await farm.ListJobsAsync(new JobQuery { PageToken = token }, TestContext.Current.CancellationToken);
            listed.AddRange(page.Jobs);
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(expected.Select(j => j.JobId), listed.Select(j => j.JobId));
        Assert.Equal(expected[0], listed[0]);

        var failedOnGpuOfBen = await farm.ListJobsAsync(new JobQuery { States = [JobState.Failed], Pool = "gpu", Submitter = "ben", Limit = 500 }, TestContext.Current.CancellationToken);
        Assert.Equal(
            expected.Where(j => j is { State: JobState.Failed, Pool: "gpu", Submitter: "ben" }).Select(j => j.JobId),
            failedOnGpuOfBen.Jobs.Select(j => j.JobId));
        Assert.NotEmpty(failedOnGpuOfBen.Jobs);

        var failedOfBenForAcme = await farm.ListJobsAsync(new JobQuery { States = [JobState.Failed], Submitter = "ben", Project = "acme", Limit = 500 }, TestContext.Current.CancellationToken);
        Assert.Equal(
            expected.Where(j => j is { State: JobState.Failed, Submitter: "ben", Project: "acme" }).Select(j => j.JobId),
            failedOfBenForAcme.Jobs.Select(j => j.JobId));
        Assert.NotEmpty(failedOfBenForAcme.Jobs);

        // A bad query is refused naming the field: the limit by the client, the page token by the silo.
        var limit = await Assert.ThrowsAsync<ArgumentException>(() => farm.ListJobsAsync(new JobQuery { Limit = 0 }, TestContext.Current.CancellationToken));
        Assert.Contains("JobQuery.Limit", limit.Message);
        var pageToken = await Assert.ThrowsAsync<ArgumentException>(() => farm.ListJobsAsync(new JobQuery { PageToken = "nonsense" }, TestContext.Current.CancellationToken));
        Assert.Contains("JobQuery.PageToken", pageToken.Message);
    }
}
