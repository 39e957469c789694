using RenderFarm.Chunks;
using RenderFarm.Nodes;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// The job grain's half that lets its owner watch the render: the latest still of its running chunks, and
/// each attempt's ffmpeg log, read on the node that ran it.
/// </summary>
public sealed partial class RenderJobGrain
{
    Task IRenderJobGrain.AttemptStillAsync(AttemptRef attempt, JobThumbnail still)
    {
        // Only a running attempt of a running job: a late still of a stopped one would go back in time.
        if (record.RecordExists && !Job.State.IsTerminal() && Piece(attempt.Work) is { } piece && IsRunning(piece, attempt))
            GrainFactory.GetGrain<IJobThumbnailGrain>(JobId).SetAsync(still).Ignore();
        return Task.CompletedTask;
    }

    async Task<AttemptLog> IRenderJobGrain.GetAttemptLogAsync(WorkKey piece, int attempt, int tailBytes)
    {
        AttemptLogRules.Check(JobId, piece, attempt, tailBytes);
        EnsureExists();
        var chunk = Piece(piece) ?? throw new KeyNotFoundException($"piece: job {JobId:N} has no {piece}");
        var started = chunk.History.FirstOrDefault(h => h.Attempt == attempt && h.Lane == piece.Lane)
                      ?? throw new KeyNotFoundException($"attempt: {piece} has no attempt {attempt} that started");
        var running = started.EndedAt is null;
        var silo = (await GrainFactory.GetGrain<IRenderNodeGrain>(started.Node).GetStatusAsync())?.Info.Silo;
        if (silo is null || membership.CurrentSnapshot.GetSiloStatus(silo) != SiloStatus.Active)
            return Gone(started.Node, running);
        AttemptLog? log;
        try
        {
            log = await GrainFactory.GetGrain<IAttemptLogGrain>(silo.ToParsableString()).ReadAsync(piece, attempt, tailBytes);
        }
        catch (SiloUnavailableException)
        {
            return Gone(started.Node, running);
        }
        return log is null
            ? new AttemptLog($"node {started.Node} keeps no log of attempt {attempt} of {piece} (a sound or a merge keeps none, and a log is removed after the node's retention)", false, running, started.Node)
            : log with { Running = running };
    }

    private ChunkRecord? Piece(WorkKey key) => Job.Pieces.FirstOrDefault(p => p.Key == key.Primary);

    private static bool IsRunning(ChunkRecord piece, AttemptRef attempt) =>
        (attempt.Work.IsBackup ? piece.Backup : piece.Running) is { } running && running.Attempt == attempt.Attempt && running.Node == attempt.Node;

    private static AttemptLog Gone(string node, bool running) =>
        new($"node {node} is no longer in the cluster: the log of this attempt was kept on its disk and is gone with it", false, running, node);
}
