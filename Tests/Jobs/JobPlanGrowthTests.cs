using RenderFarm.Chunks;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

/// <summary>A job's plan growing by the rest of a chunk cut short by a reclaim, and its merge joining the chunks in frame order.</summary>
public sealed class JobPlanGrowthTests
{
    private static readonly Guid JobId = new("00000000-0000-0000-0000-0000000000d0");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly JobRecord record = new();
    private readonly JobWork work;

    public JobPlanGrowthTests()
    {
        work = new JobWork(record, new FailoverOptions(), clock);
        record.Pieces = JobWork.Plan(JobId, [new FrameRange(0, 30), new FrameRange(30, 30)], 60);
        foreach (var piece in record.Pieces.Where(p => p.Key.Kind != WorkKind.Merge).ToList())
            work.Apply(piece.Key, new ChunkEvent.Order());
    }

    private static SiloAddress SiloOf(string node) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11000 + node[0]), 1);

    private static AttemptRef Attempt(WorkKey key, int number, string node) => new(key, number, node, SiloOf(node));

    private ChunkTransition Run(WorkKey key, int number, string node, AttemptResult result)
    {
        work.Apply(key, new ChunkEvent.Started(Attempt(key, number, node)));
        return work.Apply(key, new ChunkEvent.Ended(Attempt(key, number, node), result))!;
    }

    private static AttemptResult Whole(WorkKey key) => AttemptResult.Completed(new CommittedFile($"chunks/chunk-{key.Index}.mp4", 100));

    [Fact]
    public void The_rest_of_a_reclaimed_chunk_is_a_new_chunk_with_the_next_index_ordered_away_from_the_reclaimed_node()
    {
        var chunk0 = WorkKey.ForChunk(JobId, 0);
        var reclaimed = Run(chunk0, 1, "spot", AttemptResult.Reclaimed(new CommittedFile("chunks/chunk-0-first-12.mp4", 50, Frames: 12), 12));
        var add = Assert.IsType<ChunkEffect.AddPiece>(reclaimed.Effects.Last());

        var added = work.AddPiece(JobId, add.Range, add.Avoid);

        Assert.Equal(WorkKey.ForChunk(JobId, 2), added.Record.Key);
        var order = Assert.IsType<ChunkEffect.Enqueue>(Assert.Single(added.Effects)).Order;
        Assert.Equal((WorkKey.ForChunk(JobId, 2), 1, new FrameRange(12, 18)), (order.Key, order.Attempt, order.Range));
        Assert.Equal(["spot"], order.Avoid);
        Assert.Equal(["Chunk 0", "Chunk 1", "Chunk 2", "Sound 0", "Merge 0"], record.Pieces.Select(p => $"{p.Key.Kind} {p.Key.Index}"));
        Assert.Contains(work.QueuedOrders(), o => o.Key == added.Record.Key);
        // Frames of the whole job: 12 kept, nothing else done yet; the new chunk is a chunk like the others.
        Assert.Equal((12, 3), (work.FramesDone, work.Chunks.Count()));
        Assert.False(work.MergeDue);
    }

    [Fact]
    public void The_merge_joins_the_chunks_in_frame_order_once_the_rest_is_committed_too()
    {
        var chunk0 = WorkKey.ForChunk(JobId, 0);
        var add = Assert.IsType<ChunkEffect.AddPiece>(Run(chunk0, 1, "spot", AttemptResult.Reclaimed(new CommittedFile("chunks/chunk-0-first-12.mp4", 50, Frames: 12), 12)).Effects.Last());
        var rest = work.AddPiece(JobId, add.Range, add.Avoid).Record.Key;
        Run(WorkKey.ForChunk(JobId, 1), 1, "b", Whole(WorkKey.ForChunk(JobId, 1)));
        Run(rest, 1, "c", Whole(rest));
        Run(WorkKey.ForSound(JobId), 1, "b", AttemptResult.Completed(new CommittedFile("audio.m4a", 10)));

        Assert.True(work.MergeDue);
        Assert.Equal(60, work.FramesDone);
        var order = Assert.IsType<ChunkEffect.Enqueue>(Assert.Single(work.Apply(WorkKey.ForMerge(JobId), new ChunkEvent.Order())!.Effects)).Order;
        var inputs = work.Complete(order).Merge!.Chunks;
        Assert.Equal(
            ["[0, 12) chunks/chunk-0-first-12.mp4", "[12, 30) chunks/chunk-2.mp4", "[30, 60) chunks/chunk-1.mp4"],
            inputs.Select(c => $"{c.Range} {c.Path}"));
    }

    [Fact]
    public void Events_reach_the_added_chunk_and_the_pieces_planned_before_it()
    {
        var add = Assert.IsType<ChunkEffect.AddPiece>(Run(WorkKey.ForChunk(JobId, 0), 1, "spot", AttemptResult.Reclaimed(new CommittedFile("p.mp4", 1, Frames: 5), 5)).Effects.Last());
        var rest = work.AddPiece(JobId, add.Range, add.Avoid).Record.Key;

        Assert.Equal(ChunkState.Rendering, work.Apply(rest, new ChunkEvent.Started(Attempt(rest, 1, "c")))!.Record.State);
        Assert.Equal(ChunkState.Rendering, work.Apply(WorkKey.ForSound(JobId), new ChunkEvent.Started(Attempt(WorkKey.ForSound(JobId), 1, "c")))!.Record.State);
        Assert.Equal(2, work.RunningAttempts().Count);
    }
}
