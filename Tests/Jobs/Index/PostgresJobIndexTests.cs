using Npgsql;
using RenderFarm.Jobs;
using RenderFarm.Tests.Database;

namespace RenderFarm.Tests.Jobs.Index;

/// <summary>
/// The farm database's job index (deploy/sql/40-job-index.sql) against the shared contract, each test
/// under a service id of its own, and what only a database gives: a restarted silo sees the jobs,
/// and farms sharing the database see only their own.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class PostgresJobIndexTests : JobIndexContract, IAsyncLifetime
{
    private readonly DatabaseTestIds ids = new("jobindex");
    private readonly PostgresJobIndex index;

    public PostgresJobIndexTests() => index = Open(ids.ServiceId);

    protected override IJobIndex Index => index;

    [Fact]
    public async Task A_restarted_silo_sees_every_job_and_another_farm_none()
    {
        var jobs = Enumerable.Range(0, 5).Select(i => Job(T0.AddMinutes(i), submitter: "ben")).ToList();
        await RecordAllAsync(jobs);

        await using (var restarted = Open(ids.ServiceId))
        {
            var page = await restarted.ListAsync(new JobQuery { Submitter = "ben" }, TestContext.Current.CancellationToken);
            Assert.Equal(Expected(jobs), page.Jobs);
            await restarted.RecordAsync(jobs[0] with { State = JobState.Failed }, TestContext.Current.CancellationToken);
        }
        Assert.Equal(JobState.Failed, (await index.ListAsync(new JobQuery { States = [JobState.Failed] }, TestContext.Current.CancellationToken)).Jobs.Single().State);

        var otherIds = new DatabaseTestIds("jobindex-other");
        await using var otherFarm = Open(otherIds.ServiceId);
        Assert.Empty((await otherFarm.ListAsync(new JobQuery(), TestContext.Current.CancellationToken)).Jobs);
    }

    [Fact]
    public async Task Listings_are_read_through_the_newest_first_indexes()
    {
        // 3,000 jobs, each filter matching 1 % of them, and fresh statistics, as a farm's index would have.
        await index.ImportAsync(Enumerable.Range(0, 3_000).Select(i => Job(T0.AddSeconds(i),
            i % 100 == 0 ? JobState.Failed : JobState.Completed, i % 100 == 1 ? "gpu" : "default", i % 100 == 2 ? "user-1" : "user-0",
            project: i % 100 == 3 ? "project-1" : "project-0")), TestContext.Current.CancellationToken);
        await using var connection = await FarmDatabase.OpenAsync();
        await using (var analyze = new NpgsqlCommand("ANALYZE job_index", connection))
            await analyze.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        // Reading a few matches and sorting them is as good as reading in order; what matters is that each filter has an index that reads in order.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off", connection))
            await off.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        Assert.Contains("ix_job_index_newest", await PlanAsync(connection, "TRUE"));
        Assert.Contains("ix_job_index_state_newest", await PlanAsync(connection, "state = 'Failed'"));
        Assert.Contains("ix_job_index_pool_newest", await PlanAsync(connection, "pool = 'gpu'"));
        Assert.Contains("ix_job_index_submitter_newest", await PlanAsync(connection, "submitter = 'user-1'"));
        Assert.Contains("ix_job_index_project_newest", await PlanAsync(connection, "project = 'project-1'"));
        var deep = await PlanAsync(connection, $"(submitted_at, job_id) < ('{T0.AddMinutes(10):O}', '{Guid.Empty}')");
        Assert.Contains("ix_job_index_newest", deep);
    }

    private async Task<string> PlanAsync(NpgsqlConnection connection, string condition)
    {
        await using var command = new NpgsqlCommand(
            $"EXPLAIN SELECT * FROM job_index WHERE service_id = @service AND {condition} ORDER BY submitted_at DESC, job_id DESC LIMIT 51", connection);
        command.Parameters.AddWithValue("service", ids.ServiceId);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            lines.Add(reader.GetString(0));
        var plan = string.Join('\n', lines);
        Assert.DoesNotContain("Sort", plan);
        return plan;
    }

    private static PostgresJobIndex Open(string serviceId) => new(NpgsqlDataSource.Create(FarmDatabase.ConnectionString), serviceId);

    public async ValueTask InitializeAsync() => await FarmDatabase.EnsureReachableAsync();

    public async ValueTask DisposeAsync()
    {
        await index.ClearAsync(TestContext.Current.CancellationToken);
        await index.DisposeAsync();
    }
}
