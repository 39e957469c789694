using RenderFarm.Chunks;
using RenderFarm.Scheduling;
using static RenderFarm.Jobs.ChunkEffect;

namespace RenderFarm.Jobs;

/// <summary>
/// The life of one piece of a job's work and its attempts, as one pure function: record + event →
/// next record + what the job must do. Attempt numbers are handed out here and nowhere else. A report
/// about an attempt that is not the current one changes nothing but frees its slot; a finished file
/// is kept whichever attempt made it (every render of a piece is the same, the first commit wins).
/// </summary>
public static partial class ChunkStateMachine
{
    /// <summary>How long an attempt turned away before it started waits before it is sent again, the first time.</summary>
    public static readonly TimeSpan TurnedAwayDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between re-sends of an attempt that keeps being turned away.</summary>
    public static readonly TimeSpan TurnedAwayDelayLimit = TimeSpan.FromSeconds(8);

    /// <summary>The wait before re-sending an attempt turned away <paramref name="times"/> times in a row: doubling from <see cref="TurnedAwayDelay"/>.</summary>
    public static TimeSpan TurnedAwayWait(int times) =>
        TimeSpan.FromTicks(Math.Min(TurnedAwayDelayLimit.Ticks, TurnedAwayDelay.Ticks << Math.Clamp(times - 1, 0, 10)));

    public static ChunkTransition Apply(ChunkRecord chunk, ChunkEvent e, FailoverOptions policy, DateTimeOffset now) => e switch
    {
        ChunkEvent.Order => Ordered(chunk),
        ChunkEvent.Started s when s.Attempt.Work.IsBackup => BackupStarted(chunk, s.Attempt, s.Host, now),
        ChunkEvent.Started s => Started(chunk, s.Attempt, s.Host, now),
        ChunkEvent.Progressed p => Progressed(chunk, p.Attempt, p.FramesDone, now),
        ChunkEvent.Ended { Result.Outcome: AttemptOutcome.Completed } c => Completed(chunk, c.Attempt, c.Result, now),
        ChunkEvent.Ended { Result.Outcome: AttemptOutcome.Reclaimed } r when !r.Attempt.Work.IsBackup => Reclaimed(chunk, r.Attempt, r.Result, policy, now),
        ChunkEvent.Ended x when x.Attempt.Work.IsBackup => BackupEnded(chunk, x.Attempt, x.Result, now),
        ChunkEvent.Ended x => Ended(chunk, x.Attempt, x.Result, policy, now),
        ChunkEvent.Stalled => Stalled(chunk, policy, now),
        ChunkEvent.SiloLost l => SiloLost(chunk, l.Silo, now),
        ChunkEvent.BackupWanted => BackupWanted(chunk),
        ChunkEvent.Cancel => Cancelled(chunk, now),
        ChunkEvent.Interrupt => Interrupted(chunk, now),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "no transition for this event"),
    };

    private static ChunkTransition Ordered(ChunkRecord chunk) =>
        chunk.State == ChunkState.Queued && chunk.Attempt == 0
            ? NextAttempt(chunk with { }, [])
            : Unchanged(chunk);

    private static ChunkTransition Started(ChunkRecord chunk, AttemptRef attempt, AttemptHost? host, DateTimeOffset now)
    {
        if (chunk.Running == attempt)
            return Unchanged(chunk);
        if (attempt.Attempt != chunk.Attempt || chunk.State != ChunkState.Queued || chunk.Stopping is not null)
            return Stale(chunk, attempt, stop: true);
        var next = chunk with
        {
            State = ChunkState.Rendering,
            Running = attempt,
            Node = attempt.Node,
            StartedAt = now,
            LastAdvanceAt = now,
            FramesDone = 0,
            NotBefore = null,
            TimesTurnedAway = 0,
            History = [.. chunk.History, new AttemptRecord(attempt.Attempt, attempt.Work.Lane, attempt.Node, now, Host: host)],
        };
        return new(next, [new ConfirmSlot(attempt)], Changed: true);
    }

    private static ChunkTransition BackupStarted(ChunkRecord chunk, AttemptRef attempt, AttemptHost? host, DateTimeOffset now)
    {
        if (chunk.Backup == attempt)
            return Unchanged(chunk);
        if (chunk.Backup is not { } backup || backup.Attempt != attempt.Attempt || backup.Node.Length > 0 || chunk.State != ChunkState.Rendering)
            return Stale(chunk, attempt, stop: true);
        var next = chunk with
        {
            Backup = attempt,
            History = [.. chunk.History, new AttemptRecord(attempt.Attempt, attempt.Work.Lane, attempt.Node, now, Host: host)],
        };
        return new(next, [new ConfirmSlot(attempt)], Changed: true);
    }

    private static ChunkTransition Progressed(ChunkRecord chunk, AttemptRef attempt, int framesDone, DateTimeOffset now)
    {
        // The current attempt runs, though its start was never stored (the job's silo died just after
        // hearing it): it is taken back as started.
        if (chunk.Running is null && attempt.Attempt == chunk.Attempt && chunk.State == ChunkState.Queued && chunk.Stopping is null && !attempt.Work.IsBackup)
            return Started(chunk, attempt, null, now);
        if (chunk.Running != attempt)
            return Unchanged(chunk);
        // Only frames that advance count as progress: a render that reports without advancing stalls.
        framesDone = Math.Min(framesDone, chunk.Range.Count);
        if (framesDone <= chunk.FramesDone)
            return Unchanged(chunk);
        return new(chunk with { FramesDone = framesDone, LastAdvanceAt = now }, [], Changed: false);
    }

    private static ChunkTransition Completed(ChunkRecord chunk, AttemptRef attempt, AttemptResult result, DateTimeOffset now)
    {
        if (chunk.State.IsTerminal())
            return Stale(chunk, attempt, stop: false);
        var effects = new List<ChunkEffect> { new FreeSlot(attempt) };
        // The other lane lost the race (or a stale attempt won it): stop whatever else still runs.
        foreach (var other in new[] { chunk.Running, chunk.Backup })
        {
            if (other is not null && other != attempt && other.Node.Length > 0)
                effects.Add(new Stop(other));
        }
        var next = CommittedBy(chunk, attempt, result, now) with
        {
            FramesDone = chunk.Range.Count,
            History = End(chunk.History, now, (attempt, AttemptEnd.Completed), (chunk.Running, AttemptEnd.Stopped), (chunk.Backup, AttemptEnd.Stopped)),
        };
        return new(next, effects, Changed: true);
    }

    private static ChunkTransition Ended(ChunkRecord chunk, AttemptRef attempt, AttemptResult result, FailoverOptions policy, DateTimeOffset now)
    {
        if (result.Outcome == AttemptOutcome.TurnedAway)
            return TurnedAway(chunk, attempt, now);
        if (chunk.Running != attempt)
            return Stale(chunk, attempt, stop: false);

        var ended = result.Outcome == AttemptOutcome.Failed ? AttemptEnd.Failed : chunk.Stopping is null ? AttemptEnd.NodeLost : AttemptEnd.Stopped;
        var history = WithError(End(chunk.History, now, (attempt, ended)), attempt, result);
        var free = new FreeSlot(attempt);
        switch (chunk.Stopping)
        {
            case StopReason.Cancel:
                return new(WithoutBackupOf(chunk with { State = ChunkState.Cancelled, Running = null, Stopping = null, History = history }, now), StopBackup(chunk, free), Changed: true);
            case StopReason.Requeue:
                return NextAttempt(chunk with { Running = null, Stopping = null, History = history }, [free]);
        }
        if (result.Outcome == AttemptOutcome.Stopped)
        {
            // Stopped without the job asking: its node is shutting down. Not the piece's fault.
            return NextAttempt(chunk with { Running = null, History = history, Avoid = With(chunk.Avoid, attempt.Node) }, [free]);
        }

        var failures = chunk.Failures + 1;
        var failed = chunk with
        {
            Running = null,
            Failures = failures,
            Avoid = With(chunk.Avoid, attempt.Node),
            Error = result.Error,
            History = history,
        };
        if (failures >= policy.MaxFailedAttempts)
        {
            var reason = $"{Describe(chunk.Key)} failed {failures} times; last error: {result.Error}";
            return new(WithoutBackupOf(failed with { State = ChunkState.Failed }, now), [free, new NodeFailed(attempt.Node), .. StopBackup(chunk), new GiveUp(reason)], Changed: true);
        }
        var backoff = policy.RetryBackoff * Math.Pow(2, failures - 1);
        return NextAttempt(failed with { NotBefore = now + backoff }, [free, new NodeFailed(attempt.Node)]);
    }

    private static ChunkTransition TurnedAway(ChunkRecord chunk, AttemptRef attempt, DateTimeOffset now)
    {
        // Only an order still waiting to start is sent again; any other turned-away delivery is stale.
        if (attempt.Attempt != chunk.Attempt || chunk.State != ChunkState.Queued)
            return Stale(chunk, attempt, stop: false);
        var times = chunk.TimesTurnedAway + 1;
        var next = chunk with { TimesTurnedAway = times, NotBefore = now + TurnedAwayWait(times) };
        return new(next, [new FreeSlot(attempt), new Enqueue(next.Order([]))], Changed: false);
    }

    private static ChunkTransition BackupEnded(ChunkRecord chunk, AttemptRef attempt, AttemptResult result, DateTimeOffset now)
    {
        if (chunk.Backup is not { } backup || backup.Attempt != attempt.Attempt)
            return Stale(chunk, attempt, stop: false);
        // A backup that fails or never starts changes nothing: the chunk's own attempt still runs.
        var ended = result.Outcome switch
        {
            AttemptOutcome.Failed => AttemptEnd.Failed,
            AttemptOutcome.Reclaimed => AttemptEnd.Reclaimed,
            _ => AttemptEnd.Stopped,
        };
        var history = backup.Node.Length > 0 ? WithError(End(chunk.History, now, (attempt, ended)), attempt, result) : chunk.History;
        // A backup's frames are not kept: the piece's own attempt still renders all of them.
        if (result.Outcome == AttemptOutcome.Reclaimed)
            history = WithReclaimed(history, attempt, new ReclaimedFrames(0, Math.Max(result.FramesCommitted, 0)));
        return new(chunk with { Backup = null, History = history }, [new FreeSlot(attempt)], Changed: true);
    }

    private static ChunkTransition Stalled(ChunkRecord chunk, FailoverOptions policy, DateTimeOffset now)
    {
        if (chunk.Running is not { } running || chunk.LastAdvanceAt is not { } last || now - last < policy.StallTimeout)
            return Unchanged(chunk);
        var stalled = chunk with
        {
            Running = null,
            Avoid = With(chunk.Avoid, running.Node),
            Error = $"stalled on {running.Node}: no progress for {now - last:g}",
            History = End(chunk.History, now, (running, AttemptEnd.Stalled)),
        };
        // The node may be gone: the stall is not waited out. Its late report, if any, is stale.
        List<ChunkEffect> effects = [new Stop(running), new FreeSlot(running)];
        return chunk.Stopping switch
        {
            StopReason.Cancel => new(WithoutBackupOf(stalled with { State = ChunkState.Cancelled, Stopping = null }, now), StopBackup(chunk, [.. effects]), Changed: true),
            StopReason.Requeue => NextAttempt(stalled with { Stopping = null }, effects),
            _ => NextAttempt(stalled, effects),
        };
    }

    private static ChunkTransition SiloLost(ChunkRecord chunk, SiloAddress silo, DateTimeOffset now)
    {
        var next = chunk;
        var effects = new List<ChunkEffect>();
        if (chunk.Backup is { } backup && silo.Equals(backup.Silo))
        {
            next = next with { Backup = null, History = backup.Node.Length > 0 ? End(next.History, now, (backup, AttemptEnd.NodeLost)) : next.History };
            effects.Add(new FreeSlot(backup));
        }
        if (chunk.Running is not { } running || !silo.Equals(running.Silo))
            return new(next, effects, Changed: !ReferenceEquals(next, chunk));
        next = next with
        {
            Running = null,
            Avoid = With(chunk.Avoid, running.Node),
            History = End(next.History, now, (running, AttemptEnd.NodeLost)),
        };
        effects.Add(new FreeSlot(running));
        return chunk.Stopping switch
        {
            StopReason.Cancel => new(WithoutBackupOf(next with { State = ChunkState.Cancelled, Stopping = null }, now), StopBackup(next, [.. effects]), Changed: true),
            StopReason.Requeue => NextAttempt(next with { Stopping = null }, effects),
            _ => NextAttempt(next, effects),
        };
    }

    private static ChunkTransition BackupWanted(ChunkRecord chunk)
    {
        if (chunk.State != ChunkState.Rendering || chunk.Running is not { } running || chunk.BackupRequested || chunk.Stopping is not null)
            return Unchanged(chunk);
        var number = chunk.AttemptsIssued + 1;
        var key = chunk.Key with { Lane = Chunks.ChunkKey.BackupLane };
        // Not started yet: the backup's node is known once it reports.
        var pending = new AttemptRef(key, number, "", SiloAddress.Zero);
        var next = chunk with { AttemptsIssued = number, BackupRequested = true, Backup = pending };
        return new(next, [new Enqueue(new WorkOrder(key, number, chunk.Range, [running.Node], []))], Changed: true);
    }

    private static ChunkTransition Cancelled(ChunkRecord chunk, DateTimeOffset now)
    {
        if (chunk.State.IsTerminal())
            return Unchanged(chunk);
        if (chunk.Running is not { } running)
            return new(WithoutBackupOf(chunk with { State = ChunkState.Cancelled, NotBefore = null }, now), StopBackup(chunk), Changed: true);
        return new(WithoutBackupOf(chunk with { Stopping = StopReason.Cancel }, now), [new Stop(running), .. StopBackup(chunk)], Changed: true);
    }

    private static ChunkTransition Interrupted(ChunkRecord chunk, DateTimeOffset now)
    {
        if (chunk.Running is not { } running || chunk.Stopping is not null)
            return Unchanged(chunk);
        return new(WithoutBackupOf(chunk with { Stopping = StopReason.Requeue }, now), [new Stop(running), .. StopBackup(chunk)], Changed: true);
    }

    /// <summary>Hands out the next attempt number and orders it (the job sends orders only while it dispatches; a paused job keeps them for the resume).</summary>
    private static ChunkTransition NextAttempt(ChunkRecord chunk, List<ChunkEffect> effects)
    {
        var number = chunk.AttemptsIssued + 1;
        var next = chunk with
        {
            State = ChunkState.Queued,
            Attempt = number,
            AttemptsIssued = number,
            Running = null,
            FramesDone = 0,
            TimesTurnedAway = 0,
        };
        effects.Add(new Enqueue(next.Order([])));
        return new(next, effects, Changed: true);
    }

    private static ChunkTransition Stale(ChunkRecord chunk, AttemptRef attempt, bool stop)
    {
        List<ChunkEffect> effects = [new FreeSlot(attempt)];
        if (stop)
            effects.Insert(0, new Stop(attempt));
        return new(chunk, effects, Changed: false);
    }

    /// <summary>The piece completed by <paramref name="attempt"/>'s committed file, every lane ended.</summary>
    private static ChunkRecord CommittedBy(ChunkRecord chunk, AttemptRef attempt, AttemptResult result, DateTimeOffset now) => chunk with
    {
        State = ChunkState.Completed,
        Running = null,
        Backup = null,
        Stopping = null,
        Node = attempt.Node,
        OutputPath = result.OutputPath!,
        Committed = result.Committed,
        Error = null,
        Took = chunk.StartedAt is { } started ? now - started : null,
    };

    private static ChunkTransition Unchanged(ChunkRecord chunk) => new(chunk, [], Changed: false);

    private static List<ChunkEffect> StopBackup(ChunkRecord chunk, params ChunkEffect[] before)
    {
        var effects = before.ToList();
        if (chunk.Backup is { } backup)
        {
            if (backup.Node.Length > 0)
                effects.Add(new Stop(backup));
            effects.Add(new FreeSlot(backup));
        }
        return effects;
    }

    /// <summary>Drops the backup lane, which is being stopped: its attempt, if it started, ends in the history as stopped.</summary>
    private static ChunkRecord WithoutBackupOf(ChunkRecord chunk, DateTimeOffset now) => chunk with
    {
        Backup = null,
        Running = chunk.State.IsTerminal() ? null : chunk.Running,
        History = End(chunk.History, now, (chunk.Backup, AttemptEnd.Stopped)),
    };

    private static IReadOnlyList<string> With(IReadOnlyList<string> nodes, string node) =>
        nodes.Contains(node, StringComparer.Ordinal) ? nodes : [.. nodes, node];

    /// <summary>Closes the history entries of the given attempts that are still open.</summary>
    private static IReadOnlyList<AttemptRecord> End(IReadOnlyList<AttemptRecord> history, DateTimeOffset now, params (AttemptRef? Attempt, AttemptEnd End)[] ends)
    {
        var result = history.ToList();
        foreach (var (attempt, end) in ends)
        {
            if (attempt is null)
                continue;
            var index = result.FindLastIndex(h => h.Attempt == attempt.Attempt && h.Lane == attempt.Work.Lane);
            if (index >= 0 && result[index].End is null)
                result[index] = result[index] with { EndedAt = now, End = end };
        }
        return result;
    }

    /// <summary>A failed attempt's history entry gets its error.</summary>
    private static IReadOnlyList<AttemptRecord> WithError(IReadOnlyList<AttemptRecord> history, AttemptRef attempt, AttemptResult result)
    {
        if (result.Outcome != AttemptOutcome.Failed || result.Error is null)
            return history;
        var index = history.ToList().FindLastIndex(h => h.Attempt == attempt.Attempt && h.Lane == attempt.Work.Lane);
        return index < 0 ? history : [.. history.Take(index), history[index] with { Error = result.Error }, .. history.Skip(index + 1)];
    }

    public static string Describe(WorkKey key) => key.Kind switch
    {
        WorkKind.Chunk => $"chunk {key.Index}",
        WorkKind.Sound => "the sound",
        _ => "the merge",
    };
}
