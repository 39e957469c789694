using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using static RenderFarm.Jobs.ChunkEffect;

namespace RenderFarm.Jobs;

/// <summary>A piece's attempt stopped because its machine is being reclaimed.</summary>
public static partial class ChunkStateMachine
{
    /// <summary>
    /// The piece's own attempt was stopped at a frame boundary for its machine's reclaim. The frames it
    /// committed complete the piece, its range cut to them, and the rest becomes a new piece of the job;
    /// with none committed the whole piece is ordered again elsewhere. A report about another attempt,
    /// or after the piece completed (a backup committed it whole first), changes nothing: the first
    /// commit wins, and a backup still running is stopped, as when a piece completes.
    /// </summary>
    private static ChunkTransition Reclaimed(ChunkRecord chunk, AttemptRef attempt, AttemptResult result, FailoverOptions policy, DateTimeOffset now)
    {
        if (chunk.State.IsTerminal() || chunk.Running != attempt)
            return Stale(chunk, attempt, stop: false);
        var kept = result.Committed is null ? 0 : Math.Clamp(result.FramesCommitted, 0, chunk.Range.Count);
        if (kept == chunk.Range.Count)
            return Completed(chunk, attempt, result with { Outcome = AttemptOutcome.Completed }, now);
        if (kept == 0 || chunk.Stopping is not null)
        {
            // Nothing kept (or the job is stopping the piece anyway): as for a node shutting down under it.
            var ended = Ended(chunk, attempt, AttemptResult.Stopped, policy, now);
            var lost = new ReclaimedFrames(0, Math.Max(chunk.FramesDone, kept));
            return ended with { Record = ended.Record with { History = WithReclaimed(ended.Record.History, attempt, lost) } };
        }

        var effects = new List<ChunkEffect> { new FreeSlot(attempt) };
        if (chunk.Backup is { Node.Length: > 0 } backup)
            effects.Add(new Stop(backup));
        effects.Add(new AddPiece(new FrameRange(chunk.Range.Start + kept, chunk.Range.Count - kept), With(chunk.Avoid, attempt.Node)));
        var frames = new ReclaimedFrames(kept, Math.Max(0, chunk.FramesDone - kept));
        var next = CommittedBy(chunk, attempt, result, now) with
        {
            Range = new FrameRange(chunk.Range.Start, kept),
            FramesDone = kept,
            History = WithReclaimed(End(chunk.History, now, (attempt, AttemptEnd.Reclaimed), (chunk.Backup, AttemptEnd.Stopped)), attempt, frames),
        };
        return new(next, effects, Changed: true);
    }

    /// <summary>Marks the attempt's history entry as ended by a reclaim, with what it kept and lost.</summary>
    private static IReadOnlyList<AttemptRecord> WithReclaimed(IReadOnlyList<AttemptRecord> history, AttemptRef attempt, ReclaimedFrames frames)
    {
        var result = history.ToList();
        var index = result.FindLastIndex(h => h.Attempt == attempt.Attempt && h.Lane == attempt.Work.Lane);
        if (index >= 0)
            result[index] = result[index] with { End = AttemptEnd.Reclaimed, Reclaimed = frames };
        return result;
    }
}
