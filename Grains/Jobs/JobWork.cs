using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// A job's pieces of work (chunks, sound, merge) and the rules across them: each event goes through
/// <see cref="ChunkStateMachine"/>, nodes that keep failing are blocklisted, stalls and stragglers
/// are found. Pure bookkeeping over the job's record: it returns what must follow, the grain does it.
/// </summary>
public sealed class JobWork(JobRecord record, FailoverOptions policy, TimeProvider clock)
{
    public static List<ChunkRecord> Plan(Guid jobId, IReadOnlyList<FrameRange> ranges, int totalFrames) =>
    [
        .. ranges.Select((range, index) => new ChunkRecord { Key = WorkKey.ForChunk(jobId, index), Range = range }),
        new ChunkRecord { Key = WorkKey.ForSound(jobId), Range = new FrameRange(0, totalFrames) },
        new ChunkRecord { Key = WorkKey.ForMerge(jobId), Range = new FrameRange(0, totalFrames) },
    ];

    public IEnumerable<ChunkRecord> Chunks => record.Pieces.Where(p => p.Key.Kind == WorkKind.Chunk);
    public ChunkRecord? Sound => record.Pieces.FirstOrDefault(p => p.Key.Kind == WorkKind.Sound);
    public ChunkRecord? Merge => record.Pieces.FirstOrDefault(p => p.Key.Kind == WorkKind.Merge);

    public bool AnyRunning => record.Pieces.Any(p => p.IsRunning && (p.Running is not null || p.Backup!.Node.Length > 0));
    public bool EverStarted => record.StartedAt is not null;
    public JobFacts Facts => new(AnyRunning, EverStarted);

    /// <summary>Every chunk and the sound are committed, and the merge has not been ordered yet.</summary>
    public bool MergeDue =>
        record.Pieces.Count > 0
        && record.Pieces.Where(p => p.Key.Kind != WorkKind.Merge).All(p => p.State == ChunkState.Completed)
        && Merge is { State: ChunkState.Queued, Attempt: 0 };

    public int FramesDone => Chunks.Sum(c => c.State == ChunkState.Completed ? c.Range.Count : c.FramesDone);

    public int ChunksDone => Chunks.Count(c => c.State == ChunkState.Completed);

    private int retriesOrdered;

    /// <summary>Chunk attempts ordered again (after a failure, a stall, a lost node) since the last call.</summary>
    public int TakeRetriesOrdered()
    {
        var count = retriesOrdered;
        retriesOrdered = 0;
        return count;
    }

    private List<ChunkRecord>? mapped;
    private readonly Dictionary<WorkKey, int> places = [];

    /// <summary>Applies an event to the piece it names (its primary lane); null when the job has no such piece.</summary>
    public ChunkTransition? Apply(WorkKey key, ChunkEvent e)
    {
        if (!ReferenceEquals(mapped, record.Pieces))
        {
            // Pieces keep their places in the plan until a piece is added (the rest of one cut short).
            places.Clear();
            for (var i = 0; i < record.Pieces.Count; i++)
                places[record.Pieces[i].Key] = i;
            mapped = record.Pieces;
        }
        if (!places.TryGetValue(key.Primary, out var index))
            return null;
        var before = record.Pieces[index];
        var transition = ChunkStateMachine.Apply(before, e, policy, clock.GetUtcNow());
        record.Pieces[index] = transition.Record;
        if (key.Kind == WorkKind.Chunk && before.Attempt > 0 && transition.Record.Attempt > before.Attempt)
            retriesOrdered++;
        return transition;
    }

    /// <summary>
    /// Adds a chunk for <paramref name="range"/> (the rest of one cut short) with the next free index,
    /// after the other chunks, and orders it: its transition holds the order for the scheduler.
    /// </summary>
    public ChunkTransition AddPiece(Guid jobId, FrameRange range, IReadOnlyList<string> avoid)
    {
        var index = Chunks.Select(c => c.Key.Index).DefaultIfEmpty(-1).Max() + 1;
        var piece = new ChunkRecord { Key = WorkKey.ForChunk(jobId, index), Range = range, Avoid = avoid };
        Insert(record.Pieces, piece);
        mapped = null;
        return Apply(piece.Key, new ChunkEvent.Order())!;
    }

    /// <summary>Puts a chunk after the other chunks, before the sound and the merge.</summary>
    public static void Insert(List<ChunkRecord> pieces, ChunkRecord chunk)
    {
        var at = pieces.FindIndex(p => p.Key.Kind != WorkKind.Chunk);
        pieces.Insert(at < 0 ? pieces.Count : at, chunk);
    }

    /// <summary>Applies an event to every piece, gathering what must follow.</summary>
    public IReadOnlyList<ChunkTransition> ApplyToAll(ChunkEvent e) =>
        record.Pieces.Select(p => p.Key).ToList().Select(key => Apply(key, e)!).ToList();

    /// <summary>Counts a node's failure; true when it has just reached the blocklist threshold.</summary>
    public bool CountFailure(string node)
    {
        var failures = record.NodeFailures[node] = record.NodeFailures.GetValueOrDefault(node) + 1;
        if (failures != policy.BlocklistAfterFailures || record.Blocklist.Contains(node))
            return false;
        record.Blocklist.Add(node);
        return true;
    }

    /// <summary>Orders queued with the scheduler now, completed with what the scheduler needs to send them.</summary>
    public IReadOnlyList<WorkOrder> QueuedOrders() =>
        record.Pieces.Where(p => p.IsOrdered).Select(p => Complete(p.Order([]))).ToList();

    /// <summary>Adds the job's blocklist and, for a merge, its inputs.</summary>
    public WorkOrder Complete(WorkOrder order) => order with
    {
        Blocked = record.Blocklist.ToList(),
        Merge = order.Key.Kind == WorkKind.Merge ? MergeInputs() : null,
    };

    private MergeInputs MergeInputs() =>
        new(Chunks.OrderBy(c => c.Range.Start).Select(c => new ChunkFile(c.Range, c.OutputPath!)).ToList(), Sound!.OutputPath!);

    public IReadOnlyList<AttemptRef> RunningAttempts() =>
        record.Pieces.SelectMany(p => new[] { p.Running, p.Backup }).Where(a => a is not null && a.Node.Length > 0).Select(a => a!).ToList();

    /// <summary>Pieces whose running attempt's frames have not advanced for the stall timeout.</summary>
    public IReadOnlyList<WorkKey> Stalled()
    {
        var now = clock.GetUtcNow();
        return record.Pieces
            .Where(p => p.Running is not null && p.LastAdvanceAt is { } last && now - last >= policy.StallTimeout)
            .Select(p => p.Key)
            .ToList();
    }

    /// <summary>
    /// Chunks that straggle: no chunk waits for a slot any more (the rest are done or rendering), and
    /// this one has run far longer than the job's finished chunks took per frame. Each gets one backup.
    /// </summary>
    public IReadOnlyList<WorkKey> Stragglers()
    {
        var chunks = Chunks.ToList();
        var finished = chunks.Where(c => c.State == ChunkState.Completed && c.Took is not null).ToList();
        if (finished.Count == 0 || chunks.Any(c => c.State is ChunkState.Queued or ChunkState.Failed))
            return [];
        var secondsPerFrame = Median(finished.Select(c => c.Took!.Value.TotalSeconds / c.Range.Count));
        var now = clock.GetUtcNow();
        return chunks
            .Where(c => c is { State: ChunkState.Rendering, BackupRequested: false, Stopping: null, StartedAt: not null })
            .Where(c => now - c.StartedAt!.Value >= Max(TimeSpan.FromSeconds(secondsPerFrame * c.Range.Count * policy.StragglerFactor), policy.StragglerMinimum))
            .Select(c => c.Key)
            .ToList();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
