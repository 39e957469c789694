using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// Stores a job's pieces between writes of its whole record. Each journal write holds every piece
/// journaled since the last whole write, so the latest journal alone, laid over the record it follows,
/// gives back everything stored. A whole write makes the journal stale without touching it.
/// </summary>
public sealed class JobJournal(IPersistentState<JobJournalRecord> state)
{
    private readonly HashSet<WorkKey> pending = [];
    private readonly HashSet<WorkKey> sinceWhole = [];
    private long wholeRevision;

    /// <summary>Some piece must be stored before the turn ends.</summary>
    public bool HasPending => pending.Count > 0;

    public void Mark(WorkKey key) => pending.Add(key);

    /// <summary>Lays the journal over the record just read, when it follows that record's revision.</summary>
    public void Replay(JobRecord job)
    {
        wholeRevision = job.Revision;
        if (!state.RecordExists || state.State.Base != job.Revision)
            return;
        var journaled = state.State.Pieces.ToDictionary(p => p.Key);
        for (var i = 0; i < job.Pieces.Count; i++)
        {
            if (journaled.TryGetValue(job.Pieces[i].Key, out var newer))
                job.Pieces[i] = newer;
        }
        job.NodeFailures = new Dictionary<string, int>(state.State.NodeFailures, StringComparer.Ordinal);
        job.Blocklist = state.State.Blocklist.ToList();
        job.Revision = state.State.Revision;
        sinceWhole.UnionWith(journaled.Keys);
    }

    /// <summary>Writes the pending pieces, with those journaled before them since the last whole write.</summary>
    public async Task WriteAsync(JobRecord job)
    {
        sinceWhole.UnionWith(pending);
        pending.Clear();
        job.Revision++;
        state.State = new JobJournalRecord
        {
            Base = wholeRevision,
            Revision = job.Revision,
            Pieces = job.Pieces.Where(p => sinceWhole.Contains(p.Key)).ToList(),
            NodeFailures = new Dictionary<string, int>(job.NodeFailures, StringComparer.Ordinal),
            Blocklist = job.Blocklist.ToList(),
        };
        await state.WriteStateAsync();
    }

    /// <summary>The whole record was written at this revision: it holds everything journaled before.</summary>
    public void WrittenWhole(long revision)
    {
        wholeRevision = revision;
        pending.Clear();
        sinceWhole.Clear();
    }
}
