using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

public sealed class JobJournalTests
{
    private static readonly Guid JobId = new("00000000-0000-0000-0000-0000000000c0");
    private readonly StoredState<JobJournalRecord> stored = new();

    private static JobRecord RecordAt(long revision) => new()
    {
        Revision = revision,
        Pieces = JobWork.Plan(JobId, [new FrameRange(0, 10), new FrameRange(10, 10), new FrameRange(20, 10)], 30),
    };

    private static void Complete(JobRecord job, int index) =>
        job.Pieces[index] = job.Pieces[index] with { State = ChunkState.Completed, OutputPath = $"/store/{index}.mp4" };

    /// <summary>A piece finishes and is journaled, as the job does before anyone sees it.</summary>
    private static async Task JournalCompletedAsync(JobJournal journal, JobRecord job, int index)
    {
        Complete(job, index);
        journal.Mark(job.Pieces[index].Key);
        await journal.WriteAsync(job);
    }

    /// <summary>A journal over the stored state whose record was last written whole at this revision.</summary>
    private JobJournal JournalAfterWholeWrite(long revision)
    {
        var journal = new JobJournal(stored);
        journal.WrittenWhole(revision);
        return journal;
    }

    [Fact]
    public async Task Pieces_journaled_after_the_last_whole_write_come_back_over_that_record()
    {
        var job = RecordAt(1);
        var journal = JournalAfterWholeWrite(1);
        await JournalCompletedAsync(journal, job, 0);
        job.NodeFailures["node-a"] = 1;
        await JournalCompletedAsync(journal, job, 1);

        Assert.False(journal.HasPending);
        Assert.Equal([0, 1], stored.State.Pieces.Select(p => p.Key.Index));
        Assert.Equal(1, stored.State.Base);
        Assert.Equal(3, stored.State.Revision);

        // The silo died before its next whole write: what was stored whole, then the journal over it.
        var reread = RecordAt(1);
        new JobJournal(stored).Replay(reread);
        Assert.Equal([ChunkState.Completed, ChunkState.Completed, ChunkState.Queued], reread.Pieces.Take(3).Select(p => p.State));
        Assert.Equal("/store/1.mp4", reread.Pieces[1].OutputPath);
        Assert.Equal(1, reread.NodeFailures["node-a"]);
        Assert.Equal(3, reread.Revision);
    }

    [Fact]
    public async Task A_journal_older_than_the_record_is_left_unread_and_a_whole_write_starts_the_next_one_afresh()
    {
        var job = RecordAt(1);
        var journal = JournalAfterWholeWrite(1);
        await JournalCompletedAsync(journal, job, 0);
        journal.WrittenWhole(3);

        var newer = RecordAt(3);
        newer.Pieces[0] = newer.Pieces[0] with { State = ChunkState.Rendering };
        new JobJournal(stored).Replay(newer);
        Assert.Equal(ChunkState.Rendering, newer.Pieces[0].State);
        Assert.Equal(3, newer.Revision);

        await JournalCompletedAsync(journal, job, 2);
        Assert.Equal([2], stored.State.Pieces.Select(p => p.Key.Index));
        Assert.Equal(3, stored.State.Base);
    }

    [Fact]
    public async Task A_journal_read_back_keeps_following_its_record_until_the_next_whole_write()
    {
        var job = RecordAt(5);
        await JournalCompletedAsync(JournalAfterWholeWrite(5), job, 0);

        // A new activation reads it back, then journals another piece before writing whole.
        var reread = RecordAt(5);
        var second = new JobJournal(stored);
        second.Replay(reread);
        await JournalCompletedAsync(second, reread, 1);

        Assert.Equal(5, stored.State.Base);
        Assert.Equal([0, 1], stored.State.Pieces.Select(p => p.Key.Index));
    }

    [Fact]
    public async Task Changes_left_for_the_flush_go_into_the_next_journal_and_too_many_ask_for_a_whole_write()
    {
        var job = new JobRecord { Revision = 1, Pieces = JobWork.Plan(JobId, Enumerable.Range(0, 40).Select(i => new FrameRange(i * 10, 10)).ToList(), 400) };
        var journal = JournalAfterWholeWrite(1);
        job.Pieces[3] = job.Pieces[3] with { State = ChunkState.Rendering };
        journal.MarkChanged(job.Pieces[3].Key);

        Assert.False(journal.HasPending);
        Assert.True(journal.HasChanges);
        await journal.WriteAsync(job);
        Assert.Equal([3], stored.State.Pieces.Select(p => p.Key.Index));
        Assert.False(journal.HasChanges);

        foreach (var piece in job.Pieces.Take(32))
            journal.MarkChanged(piece.Key);
        Assert.False(journal.WantsWholeWrite(job.Pieces.Count));
        journal.Mark(job.Pieces[32].Key);
        Assert.True(journal.WantsWholeWrite(job.Pieces.Count));
        journal.WrittenWhole(3);
        Assert.False(journal.WantsWholeWrite(job.Pieces.Count));
        Assert.False(journal.HasChanges || journal.HasPending);
    }

    [Fact]
    public async Task A_chunk_added_since_the_whole_write_comes_back_after_the_other_chunks()
    {
        var job = RecordAt(1);
        var journal = JournalAfterWholeWrite(1);
        job.Pieces[1] = job.Pieces[1] with { State = ChunkState.Completed, Range = new FrameRange(10, 4), OutputPath = "/store/1-first-4.mp4" };
        var rest = new ChunkRecord { Key = WorkKey.ForChunk(JobId, 3), Range = new FrameRange(14, 6), Attempt = 1, AttemptsIssued = 1 };
        JobWork.Insert(job.Pieces, rest);
        journal.Mark(job.Pieces[1].Key);
        journal.Mark(rest.Key);
        await journal.WriteAsync(job);

        var reread = RecordAt(1);
        new JobJournal(stored).Replay(reread);

        Assert.Equal(["Chunk 0", "Chunk 1", "Chunk 2", "Chunk 3", "Sound 0", "Merge 0"], reread.Pieces.Select(p => $"{p.Key.Kind} {p.Key.Index}"));
        Assert.Equal((new FrameRange(10, 4), new FrameRange(14, 6)), (reread.Pieces[1].Range, reread.Pieces[3].Range));
    }

    /// <summary>A grain state that keeps what was last written, as a store would.</summary>
    private sealed class StoredState<T> : IPersistentState<T> where T : new()
    {
        public T State { get; set; } = new();
        public string? Etag { get; private set; }
        public bool RecordExists { get; private set; }

        public Task ClearStateAsync() => ClearStateAsync(CancellationToken.None);
        public Task WriteStateAsync() => WriteStateAsync(CancellationToken.None);
        public Task ReadStateAsync() => ReadStateAsync(CancellationToken.None);

        public Task ClearStateAsync(CancellationToken cancellationToken)
        {
            (State, RecordExists, Etag) = (new T(), false, null);
            return Task.CompletedTask;
        }

        public Task WriteStateAsync(CancellationToken cancellationToken)
        {
            (RecordExists, Etag) = (true, Guid.NewGuid().ToString("N"));
            return Task.CompletedTask;
        }

        public Task ReadStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
