using RenderFarm.Jobs;

namespace RenderFarm.Tests.Farm;

public static class FarmWaits
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(2);

    /// <summary>Polls a job's status until <paramref name="condition"/> holds; the timeout names what was awaited.</summary>
    public static async Task<JobStatus> UntilAsync(TestFarm farm, Guid jobId, Func<JobStatus, bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (true)
        {
            var status = await farm.Farm.GetJobStatusAsync(jobId);
            if (condition(status))
                return status;
            if (status.State.IsTerminal() || DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited for {what} of job {jobId}; it is {status.State} with {status.ChunksDone}/{status.Chunks.Count} chunks done");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls the pool's scheduler until <paramref name="condition"/> holds.</summary>
    public static async Task<RenderFarm.Scheduling.SchedulerSnapshot> SchedulerAsync(TestFarm farm, Func<RenderFarm.Scheduling.SchedulerSnapshot, bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var snapshot = (await farm.Farm.GetClusterStatusAsync()).Scheduler;
            if (condition(snapshot))
                return snapshot;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited for {what}; the scheduler has {snapshot.Queued} queued, {snapshot.Running} running");
            await Task.Delay(100);
        }
    }
}
