using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

/// <summary>A piece of work and the state machine on a fake clock, with helpers that read like its reports.</summary>
public abstract class ChunkStateMachineFixture
{
    protected static readonly Guid JobId = new("00000000-0000-0000-0000-00000000c0de");
    protected static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    protected readonly FakeTimeProvider clock = new(T0);
    protected readonly FailoverOptions policy = new()
    {
        StallTimeout = TimeSpan.FromSeconds(60),
        MaxFailedAttempts = 3,
        RetryBackoff = TimeSpan.FromSeconds(2),
    };
    protected ChunkRecord piece = new() { Key = WorkKey.ForChunk(JobId, 0), Range = new FrameRange(0, 30) };

    protected DateTimeOffset Now => clock.GetUtcNow();

    protected ChunkTransition Fire(ChunkEvent e)
    {
        var transition = ChunkStateMachine.Apply(piece, e, policy, Now);
        piece = transition.Record;
        return transition;
    }

    protected static SiloAddress SiloOf(string node) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11000 + node[0]), 1);

    protected AttemptRef Attempt(int number, string node, int lane = ChunkKey.PrimaryLane) =>
        new(piece.Key with { Lane = lane }, number, node, SiloOf(node));

    protected ChunkTransition Order() => Fire(new ChunkEvent.Order());
    protected ChunkTransition Start(int number, string node, int lane = ChunkKey.PrimaryLane) => Fire(new ChunkEvent.Started(Attempt(number, node, lane)));
    protected ChunkTransition Progress(int number, string node, int frames) => Fire(new ChunkEvent.Progressed(Attempt(number, node), frames));
    protected ChunkTransition End(int number, string node, AttemptResult result, int lane = ChunkKey.PrimaryLane) => Fire(new ChunkEvent.Ended(Attempt(number, node, lane), result));
    protected ChunkTransition Fail(int number, string node, string error, int lane = ChunkKey.PrimaryLane) => End(number, node, AttemptResult.Failed(error), lane);
    protected ChunkTransition Complete(int number, string node, int lane = ChunkKey.PrimaryLane) => End(number, node, AttemptResult.Completed(FileOf(number)), lane);
    protected ChunkTransition Stopped(int number, string node, int lane = ChunkKey.PrimaryLane) => End(number, node, AttemptResult.Stopped, lane);
    protected ChunkTransition TurnedAway(int number, string node, int lane = ChunkKey.PrimaryLane) => End(number, node, AttemptResult.TurnedAway, lane);

    protected static string FileOf(int attempt) => $"/store/{JobId:N}/chunk0-attempt{attempt}.mp4";

    /// <summary>Ordered and started as attempt 1 on <paramref name="node"/> at the current time.</summary>
    protected void Rendering(string node = "a")
    {
        Order();
        Start(1, node);
        Assert.Equal(ChunkState.Rendering, piece.State);
    }

    /// <summary>Rendering attempt 1 on a; after 30 s a backup attempt 2 is wanted and starts on b a second later.</summary>
    protected void RenderingWithBackup()
    {
        Rendering("a");
        clock.Advance(TimeSpan.FromSeconds(30));
        Fire(new ChunkEvent.BackupWanted());
        clock.Advance(TimeSpan.FromSeconds(1));
        Start(2, "b", ChunkKey.BackupLane);
        Assert.Equal(Attempt(2, "b", ChunkKey.BackupLane), piece.Backup);
    }

    /// <summary>The effects as a reader would say them; waits relative to the current time.</summary>
    protected string[] Effects(ChunkTransition transition) => transition.Effects.Select(Show).ToArray();

    protected string Show(ChunkEffect effect) => effect switch
    {
        ChunkEffect.Enqueue e => $"Enqueue {Show(e.Order)}",
        ChunkEffect.ConfirmSlot c => $"ConfirmSlot {Show(c.Attempt)}",
        ChunkEffect.FreeSlot f => $"FreeSlot {Show(f.Attempt)}",
        ChunkEffect.Stop s => $"Stop {Show(s.Attempt)}",
        ChunkEffect.NodeFailed n => $"NodeFailed {n.Node}",
        ChunkEffect.GiveUp g => $"GiveUp: {g.Reason}",
        ChunkEffect.AddPiece a => $"AddPiece {a.Range} avoid [{string.Join(", ", a.Avoid)}]",
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, null),
    };

    protected static string Show(AttemptRef attempt) =>
        attempt.Node.Length == 0 && attempt.Silo.Equals(SiloAddress.Zero) ? $"{Show(attempt.Work)} #{attempt.Attempt} not started"
        : attempt.Silo.Equals(SiloOf(attempt.Node)) ? $"{Show(attempt.Work)} #{attempt.Attempt} on {attempt.Node}"
        : $"{Show(attempt.Work)} #{attempt.Attempt} on {attempt.Node} at {attempt.Silo}";

    protected string Show(WorkOrder order) =>
        $"{Show(order.Key)} #{order.Attempt} {order.Range} avoid [{string.Join(", ", order.Avoid)}]"
        + (order.Blocked.Count > 0 ? $" blocked [{string.Join(", ", order.Blocked)}]" : "")
        + (order.NotBefore is { } notBefore ? $" in {Milliseconds(notBefore - Now)}ms" : "")
        + (order.Merge is not null ? " with merge inputs" : "");

    protected static string Milliseconds(TimeSpan wait) => wait.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);

    protected static string Show(WorkKey key) =>
        (key.JobId == JobId ? "" : $"job {key.JobId:N} ")
        + key.Kind switch
        {
            WorkKind.Chunk => key.IsBackup ? $"chunk {key.Index} lane {key.Lane}" : $"chunk {key.Index}",
            WorkKind.Sound => "sound",
            _ => "merge",
        };

    /// <summary>The event changed nothing at all: the same record, not stored, only these effects.</summary>
    protected void AssertUnchanged(ChunkTransition transition, ChunkRecord before, params string[] effects)
    {
        Assert.Same(before, transition.Record);
        Assert.False(transition.Changed);
        Assert.Equal<string>(effects, Effects(transition));
    }
}
