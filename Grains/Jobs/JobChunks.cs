using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// A job's table of chunks and the rules for moving them between states. Reports about an attempt
/// older than the latest one seen are stale and change nothing; a result for a chunk already
/// completed is a harmless duplicate.
/// </summary>
public sealed class JobChunks
{
    public const int MaxFailedAttempts = 3;

    private readonly Guid jobId;
    private readonly List<ChunkStatus> chunks;
    private readonly int[] failures;

    public JobChunks(Guid jobId, IReadOnlyList<FrameRange> plan)
    {
        this.jobId = jobId;
        chunks = plan.Select((range, index) => new ChunkStatus { Index = index, Range = range }).ToList();
        failures = new int[plan.Count];
    }

    public IReadOnlyList<ChunkStatus> All => chunks;
    public bool AllCompleted => chunks.All(c => c.State == ChunkState.Completed);
    public int FramesDone => chunks.Sum(c => c.State == ChunkState.Completed ? c.Range.Count : c.FramesDone);

    public ChunkWork Work(int index) => new(new ChunkKey(jobId, index), chunks[index].Range);

    public IEnumerable<ChunkWork> Unfinished => chunks.Where(c => c.State != ChunkState.Completed).Select(c => Work(c.Index));

    /// <summary>Restores one chunk from its grain's record (after the job was activated again).</summary>
    public void Restore(int index, ChunkRecord record)
    {
        chunks[index] = chunks[index] with
        {
            State = record.State,
            Attempts = record.Attempt,
            Node = record.Node,
            OutputPath = record.OutputPath,
            Error = record.Error,
            NodesTried = record.NodesTried.ToList(),
            FramesDone = record.State == ChunkState.Completed ? chunks[index].Range.Count : 0,
        };
    }

    public bool Started(ChunkReport report)
    {
        var chunk = chunks[report.Chunk.Index];
        if (report.Attempt < chunk.Attempts || chunk.State == ChunkState.Completed)
            return false;
        chunks[report.Chunk.Index] = chunk with
        {
            State = ChunkState.Rendering,
            Attempts = report.Attempt,
            Node = report.Node,
            FramesDone = 0,
            Error = null,
            NodesTried = chunk.Attempts == report.Attempt ? chunk.NodesTried : [.. chunk.NodesTried, report.Node],
        };
        return true;
    }

    public bool Progressed(ChunkReport report, int framesDone)
    {
        var chunk = chunks[report.Chunk.Index];
        if (report.Attempt != chunk.Attempts || chunk.State != ChunkState.Rendering)
            return false;
        chunks[report.Chunk.Index] = chunk with { FramesDone = Math.Min(framesDone, chunk.Range.Count) };
        return true;
    }

    public bool Completed(ChunkReport report, string outputPath)
    {
        var chunk = chunks[report.Chunk.Index];
        if (chunk.State == ChunkState.Completed)
            return false;
        chunks[report.Chunk.Index] = chunk with
        {
            State = ChunkState.Completed,
            Attempts = Math.Max(chunk.Attempts, report.Attempt),
            Node = report.Node,
            FramesDone = chunk.Range.Count,
            OutputPath = outputPath,
            Error = null,
        };
        return true;
    }

    public enum FailureVerdict
    {
        Stale,
        Retry,
        GiveUp,
    }

    /// <summary>Records a failed attempt and says whether the chunk is tried again.</summary>
    public FailureVerdict Failed(ChunkReport report, string error)
    {
        var chunk = chunks[report.Chunk.Index];
        if (report.Attempt < chunk.Attempts || chunk.State is ChunkState.Completed or ChunkState.Cancelled)
            return FailureVerdict.Stale;
        failures[report.Chunk.Index]++;
        var retry = failures[report.Chunk.Index] < MaxFailedAttempts;
        chunks[report.Chunk.Index] = chunk with { State = retry ? ChunkState.Queued : ChunkState.Failed, FramesDone = 0, Error = error };
        return retry ? FailureVerdict.Retry : FailureVerdict.GiveUp;
    }

    public void CancelUnfinished()
    {
        for (var i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].State is ChunkState.Queued or ChunkState.Rendering)
                chunks[i] = chunks[i] with { State = ChunkState.Cancelled };
        }
    }

    public IEnumerable<ChunkStatus> Rendering => chunks.Where(c => c.State == ChunkState.Rendering);
}
