using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>
/// Stores a job's pieces between writes of its whole record. Each journal write holds every piece
/// journaled since the last whole write, so the latest journal alone, laid over the record it follows,
/// gives back everything stored. A whole write makes the journal stale without touching it; the job
/// writes whole once the journal holds more than a few of its pieces (<see cref="WantsWholeWrite"/>).
/// </summary>
public sealed class JobJournal(IPersistentState<JobJournalRecord> state)
{
    /// <summary>A journal of up to this many pieces (or an eighth of a large job's) is cheaper to write than the whole record.</summary>
    private const int MostPiecesJournaled = 32;

    private readonly HashSet<WorkKey> pending = [];
    private readonly HashSet<WorkKey> changed = [];
    private readonly HashSet<WorkKey> sinceWhole = [];
    private long wholeRevision;

    /// <summary>Some piece must be stored before the turn ends.</summary>
    public bool HasPending => pending.Count > 0;

    /// <summary>Some piece changed in what is stored, and the next flush stores it.</summary>
    public bool HasChanges => changed.Count > 0;

    /// <summary>The piece must be stored before anyone acts on it or sees it.</summary>
    public void Mark(WorkKey key) => pending.Add(key);

    /// <summary>The piece changed, and nothing acts on the change yet (an attempt started): stored with the next flush.</summary>
    public void MarkChanged(WorkKey key) => changed.Add(key);

    /// <summary>So many pieces are journaled that one write of the whole record is the cheaper one.</summary>
    public bool WantsWholeWrite(int pieces) =>
        sinceWhole.Count + pending.Count(k => !sinceWhole.Contains(k)) + changed.Count(k => !sinceWhole.Contains(k))
        > Math.Max(MostPiecesJournaled, pieces / 8);

    /// <summary>Lays the journal over the record just read, when it follows that record's revision.</summary>
    public void Replay(JobRecord job)
    {
        wholeRevision = job.Revision;
        if (!state.RecordExists || state.State.Base != job.Revision)
            return;
        var journaled = state.State.Pieces.ToDictionary(p => p.Key);
        var known = new HashSet<WorkKey>();
        for (var i = 0; i < job.Pieces.Count; i++)
        {
            known.Add(job.Pieces[i].Key);
            if (journaled.TryGetValue(job.Pieces[i].Key, out var newer))
                job.Pieces[i] = newer;
        }
        // Pieces added since the whole write (the rest of a chunk cut short).
        foreach (var added in state.State.Pieces.Where(p => !known.Contains(p.Key)))
            JobWork.Insert(job.Pieces, added);
        job.NodeFailures = new Dictionary<string, int>(state.State.NodeFailures, StringComparer.Ordinal);
        job.Blocklist = state.State.Blocklist.ToList();
        job.Revision = state.State.Revision;
        sinceWhole.UnionWith(journaled.Keys);
    }

    /// <summary>Writes the pending pieces, with those journaled before them since the last whole write.</summary>
    public async Task WriteAsync(JobRecord job)
    {
        sinceWhole.UnionWith(pending);
        sinceWhole.UnionWith(changed);
        pending.Clear();
        changed.Clear();
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
        changed.Clear();
        sinceWhole.Clear();
    }
}
