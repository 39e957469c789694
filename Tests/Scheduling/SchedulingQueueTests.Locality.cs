using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Scheduling;

public sealed partial class SchedulingQueueTests
{
    private static readonly string ShaA = new('a', 64);
    private static readonly string ShaB = new('b', 64);

    /// <summary>Frames 0..9 show uploaded asset "a", frames 10..19 show uploaded asset "b", and "b" has the only sound.</summary>
    private static readonly ResolvedTimeline TwoUploadedAssets = new(
        new Timeline
        {
            Assets = new Dictionary<string, AssetRef> { ["a"] = new() { Path = "a.mp4", Sha256 = ShaA, Stored = true }, ["b"] = new() { Path = "b.mp4", Sha256 = ShaB, Stored = true } },
            VideoTracks = [new VideoTrack { Clips = [new VideoClip { Asset = "a", Start = 0, Duration = 10, Audio = false }, new VideoClip { Asset = "b", Start = 10, Duration = 10 }] }],
        },
        new Dictionary<string, ResolvedAsset>
        {
            ["a"] = new("a", "", false, true, false, 640, 360, 1, StoredSha256: ShaA),
            ["b"] = new("b", "", false, true, true, 640, 360, 1, StoredSha256: ShaB),
        });

    [Fact]
    public void A_chunk_goes_to_the_free_node_that_holds_the_assets_its_frames_show()
    {
        // n1 would win on free slots and on its benchmark: only what the nodes hold sends the work elsewhere.
        queue.NodeUp(Node("n1", 2, 1, fps: 100));
        queue.NodeUp(Node("n2", 1, 2, fps: 10));
        queue.NodeUp(Node("n3", 1, 3, fps: 10));
        queue.NodeHolds("n2", [ShaB]);
        queue.NodeHolds("n3", [ShaA]);
        var job = Job(JobPriority.Normal);

        queue.Enqueue(job, TwoUploadedAssets, [Order(job, 1)]);
        Assert.Equal("n2", Assert.Single(queue.TakeDispatches()).Node);
        queue.Enqueue(job, TwoUploadedAssets, [Order(job, 0)]);
        Assert.Equal("n3", Assert.Single(queue.TakeDispatches()).Node);
    }

    [Fact]
    public void The_sound_goes_to_the_node_holding_the_assets_with_sound_and_a_merge_reads_none()
    {
        queue.NodeUp(Node("n1", 1, 1, fps: 100));
        queue.NodeUp(Node("n2", 1, 2, fps: 10));
        queue.NodeHolds("n2", [ShaB]);
        var job = Job(JobPriority.Normal);

        queue.Enqueue(job, TwoUploadedAssets, [SoundOf(job)]);
        Assert.Equal("n2", Assert.Single(queue.TakeDispatches()).Node);
        Assert.Empty(AssetUse.StoredHashes(TwoUploadedAssets, WorkKind.Merge, new FrameRange(0, 20)));
        Assert.Equal([ShaA, ShaB], AssetUse.StoredHashes(TwoUploadedAssets, WorkKind.Chunk, new FrameRange(5, 10)).Order());
    }

    [Fact]
    public void Locality_never_waits_for_a_busy_holder_and_follows_the_node_s_latest_list()
    {
        queue.NodeUp(Node("n1", 1, 1));
        queue.NodeUp(Node("n2", 1, 2));
        queue.NodeHolds("n2", [ShaA]);
        var first = Job(JobPriority.Normal);
        var second = Job(JobPriority.Normal);

        // Both chunks read "a", which n2 holds: the first goes there, the second does not wait for it.
        queue.Enqueue(first, TwoUploadedAssets, [Order(first, 0)]);
        var onHolder = Assert.Single(queue.TakeDispatches());
        queue.Enqueue(second, TwoUploadedAssets, [Order(second, 0)]);
        var elsewhere = Assert.Single(queue.TakeDispatches());
        Assert.Equal(("n2", "n1"), (onHolder.Node, elsewhere.Node));

        // n2 evicted "a" and fetched "b": a chunk showing "b" goes there now.
        RunToEnd(onHolder);
        RunToEnd(elsewhere);
        queue.NodeHolds("n2", [ShaB]);
        var third = Job(JobPriority.Normal);
        queue.Enqueue(third, TwoUploadedAssets, [Order(third, 1)]);
        Assert.Equal("n2", Assert.Single(queue.TakeDispatches()).Node);
        Assert.Equal(1, queue.Snapshot().Nodes.Single(n => n.NodeId == "n2").AssetsHeld);
    }
}
