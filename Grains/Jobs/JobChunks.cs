using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// A job's table of chunks and every rule for moving them: attempts starting, advancing, finishing,
/// failing, stalling and straggling. Pure bookkeeping: it returns what must follow (a retry, a node to
/// blocklist, an attempt to stop) and the grain carries it out. Reports about an attempt older than
/// the latest one seen change nothing; a second result for a finished chunk is a harmless duplicate.
/// </summary>
public sealed class JobChunks
{
    private readonly Guid jobId;
    private readonly FailoverOptions policy;
    private readonly TimeProvider clock;
    private readonly List<ChunkStatus> chunks;
    private readonly Tracking[] tracking;
    private readonly Dictionary<string, int> failuresByNode = new(StringComparer.Ordinal);

    /// <summary>What is known about a chunk's attempts beyond its public status.</summary>
    private sealed class Tracking
    {
        public DateTimeOffset StartedAt;
        public DateTimeOffset LastAdvanceAt;
        public int Failures;
        public List<string> Avoid { get; } = [];
        public TimeSpan? Took;
        public int? BackupAttempt;
        public string? BackupNode;
        public bool BackupRequested;
    }

    public JobChunks(Guid jobId, IReadOnlyList<FrameRange> plan, FailoverOptions policy, TimeProvider clock)
    {
        this.jobId = jobId;
        this.policy = policy;
        this.clock = clock;
        chunks = plan.Select((range, index) => new ChunkStatus { Index = index, Range = range }).ToList();
        tracking = plan.Select(_ => new Tracking()).ToArray();
    }

    public IReadOnlyList<ChunkStatus> All => chunks;
    public bool AllCompleted => chunks.All(c => c.State == ChunkState.Completed);
    public int FramesDone => chunks.Sum(c => c.State == ChunkState.Completed ? c.Range.Count : c.FramesDone);
    public IEnumerable<ChunkStatus> Rendering => chunks.Where(c => c.State == ChunkState.Rendering);

    public ChunkWork Work(int index, int lane = ChunkKey.PrimaryLane) =>
        new(new ChunkKey(jobId, index), chunks[index].Range, lane, tracking[index].Avoid.ToList(),
            AttemptsSoFar: Math.Max(chunks[index].Attempts, tracking[index].BackupAttempt ?? 0));

    /// <summary>Chunks the scheduler should hold: queued ones, with their avoid lists (and no backoff: it is over or lost).</summary>
    public IEnumerable<ChunkWork> Queued => chunks.Where(c => c.State == ChunkState.Queued).Select(c => Work(c.Index));

    /// <summary>Restores one chunk from its grain's record (after the job was activated again).</summary>
    public void Restore(int index, ChunkRecord record)
    {
        var now = clock.GetUtcNow();
        tracking[index].StartedAt = tracking[index].LastAdvanceAt = now;
        chunks[index] = chunks[index] with
        {
            // An attempt that ended without a result (failed or cancelled with the old activation) is queued again.
            State = record.State is ChunkState.Failed or ChunkState.Cancelled ? ChunkState.Queued : record.State,
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
        var track = tracking[report.Chunk.Index];
        if (report.Lane != ChunkKey.PrimaryLane)
        {
            if (chunk.State != ChunkState.Rendering)
                return false;
            track.BackupAttempt = report.Attempt;
            track.BackupNode = report.Node;
            chunks[report.Chunk.Index] = chunk with { NodesTried = [.. chunk.NodesTried, report.Node] };
            return true;
        }
        if (report.Attempt < chunk.Attempts || chunk.State is ChunkState.Completed or ChunkState.Cancelled)
            return false;
        track.StartedAt = track.LastAdvanceAt = clock.GetUtcNow();
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
        if (report.Lane != ChunkKey.PrimaryLane || report.Attempt != chunk.Attempts || chunk.State != ChunkState.Rendering)
            return false;
        framesDone = Math.Min(framesDone, chunk.Range.Count);
        if (framesDone <= chunk.FramesDone)
            return false;
        tracking[report.Chunk.Index].LastAdvanceAt = clock.GetUtcNow();
        chunks[report.Chunk.Index] = chunk with { FramesDone = framesDone };
        return true;
    }

    /// <summary>Records a result. When the other lane still runs, returns that attempt so it can be stopped.</summary>
    public (bool Changed, ChunkReport? Loser) Completed(ChunkReport report, string outputPath)
    {
        var chunk = chunks[report.Chunk.Index];
        if (chunk.State == ChunkState.Completed)
            return (false, null);
        var track = tracking[report.Chunk.Index];
        var now = clock.GetUtcNow();
        track.Took = now - track.StartedAt;
        ChunkReport? loser = null;
        if (report.Lane == ChunkKey.PrimaryLane && track.BackupAttempt is { } backup)
            loser = new ChunkReport(report.Chunk, backup, track.BackupNode!, ChunkKey.BackupLane);
        else if (report.Lane != ChunkKey.PrimaryLane && chunk.State == ChunkState.Rendering)
            loser = new ChunkReport(report.Chunk, chunk.Attempts, chunk.Node!, ChunkKey.PrimaryLane);
        chunks[report.Chunk.Index] = chunk with
        {
            State = ChunkState.Completed,
            Attempts = Math.Max(chunk.Attempts, report.Attempt),
            Node = report.Node,
            FramesDone = chunk.Range.Count,
            OutputPath = outputPath,
            Error = null,
        };
        return (true, loser);
    }

    public enum FailureVerdict
    {
        Ignored,
        Retry,
        GiveUp,
    }

    /// <summary>What follows a failed attempt: nothing, a retry after backoff away from the node, or the end of the job.</summary>
    public sealed record FailureDecision(FailureVerdict Verdict, ChunkWork? Retry = null, string? BlocklistNode = null);

    public FailureDecision Failed(ChunkReport report, string error)
    {
        var chunk = chunks[report.Chunk.Index];
        var track = tracking[report.Chunk.Index];
        if (report.Lane != ChunkKey.PrimaryLane)
        {
            // A failed backup changes nothing: the chunk's own attempt still runs.
            track.BackupAttempt = null;
            return new FailureDecision(FailureVerdict.Ignored);
        }
        if (report.Attempt < chunk.Attempts || chunk.State is ChunkState.Completed or ChunkState.Cancelled)
            return new FailureDecision(FailureVerdict.Ignored);

        track.Failures++;
        track.Avoid.Add(report.Node);
        var nodeFailures = failuresByNode[report.Node] = failuresByNode.GetValueOrDefault(report.Node) + 1;
        var blocklist = nodeFailures == policy.BlocklistAfterFailures ? report.Node : null;
        if (track.Failures >= policy.MaxFailedAttempts)
        {
            chunks[report.Chunk.Index] = chunk with { State = ChunkState.Failed, FramesDone = 0, Error = error };
            return new FailureDecision(FailureVerdict.GiveUp, BlocklistNode: blocklist);
        }
        chunks[report.Chunk.Index] = chunk with { State = ChunkState.Queued, FramesDone = 0, Error = error };
        var backoff = policy.RetryBackoff * Math.Pow(2, track.Failures - 1);
        return new FailureDecision(FailureVerdict.Retry, Work(report.Chunk.Index) with { NotBefore = clock.GetUtcNow() + backoff }, blocklist);
    }

    /// <summary>Attempts whose frames have not advanced for the stall timeout: each is given up and its chunk queued again away from that node.</summary>
    public IReadOnlyList<(ChunkReport Attempt, ChunkWork Requeue)> TakeStalled()
    {
        var now = clock.GetUtcNow();
        var stalled = new List<(ChunkReport, ChunkWork)>();
        foreach (var chunk in Rendering.ToList())
        {
            var track = tracking[chunk.Index];
            if (now - track.LastAdvanceAt < policy.StallTimeout)
                continue;
            track.Avoid.Add(chunk.Node!);
            chunks[chunk.Index] = chunk with { State = ChunkState.Queued, FramesDone = 0, Error = $"stalled on {chunk.Node}: no progress for {now - track.LastAdvanceAt:g}" };
            stalled.Add((new ChunkReport(chunk.Chunk(jobId), chunk.Attempts, chunk.Node!), Work(chunk.Index)));
        }
        return stalled;
    }

    /// <summary>
    /// Backup attempts due now: every other chunk is done, and this one has run far longer than the
    /// job's finished chunks took per frame. One backup per chunk.
    /// </summary>
    public IReadOnlyList<ChunkWork> TakeStragglerBackups()
    {
        var finished = chunks.Where(c => c.State == ChunkState.Completed && tracking[c.Index].Took is not null).ToList();
        if (finished.Count == 0 || chunks.Any(c => c.State is ChunkState.Queued or ChunkState.Failed))
            return [];
        var secondsPerFrame = Median(finished.Select(c => tracking[c.Index].Took!.Value.TotalSeconds / c.Range.Count));
        var now = clock.GetUtcNow();
        var backups = new List<ChunkWork>();
        foreach (var chunk in Rendering)
        {
            var track = tracking[chunk.Index];
            var expected = TimeSpan.FromSeconds(secondsPerFrame * chunk.Range.Count * policy.StragglerFactor);
            if (track.BackupRequested || now - track.StartedAt < Max(expected, policy.StragglerMinimum))
                continue;
            track.BackupRequested = true;
            backups.Add(Work(chunk.Index, ChunkKey.BackupLane) with { AvoidNodes = [chunk.Node!] });
        }
        return backups;
    }

    public void CancelUnfinished()
    {
        for (var i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].State is ChunkState.Queued or ChunkState.Rendering)
                chunks[i] = chunks[i] with { State = ChunkState.Cancelled };
        }
    }

    /// <summary>Every attempt still running, in either lane, so that it can be stopped.</summary>
    public IEnumerable<ChunkReport> RunningAttempts()
    {
        foreach (var chunk in Rendering)
        {
            yield return new ChunkReport(chunk.Chunk(jobId), chunk.Attempts, chunk.Node!);
            if (tracking[chunk.Index].BackupAttempt is { } backup)
                yield return new ChunkReport(chunk.Chunk(jobId), backup, tracking[chunk.Index].BackupNode!, ChunkKey.BackupLane);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

internal static class ChunkStatusKeys
{
    public static ChunkKey Chunk(this ChunkStatus status, Guid jobId) => new(jobId, status.Index);
}
