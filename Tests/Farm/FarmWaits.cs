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

    /// <summary>Polls a chunk grain's record until <paramref name="condition"/> holds.</summary>
    public static async Task<Chunks.ChunkRecord> ForRecordAsync(TestFarm farm, string grainKey, Func<Chunks.ChunkRecord, bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var record = await farm.Cluster.Client.GetGrain<Chunks.IRenderChunkGrain>(grainKey).GetRecordAsync();
            if (condition(record))
                return record;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited for {what} of chunk {grainKey}; it is {record.State}");
            await Task.Delay(100);
        }
    }
}
