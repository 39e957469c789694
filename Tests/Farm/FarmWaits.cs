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
}
