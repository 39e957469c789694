using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scaling;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Scaling.Aws;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Scaling;

/// <summary>
/// A spot machine launched through the EC2 fake, with two render slots, whose silo watches its instance
/// metadata. It is the only machine rendering for the pool (the farm's own node serves another), so it
/// takes the job's first two chunks together: a short one and a long one. The notice comes while the
/// short one is about to finish and the long one is far from it: the machine takes no new work, the
/// first finishes and is kept whole, the second is stopped at a frame boundary and its finished frames
/// committed, and only the rest is rendered elsewhere, on the machine launched once EC2 has taken this
/// one back and the autoscaler has marked it gone. The job completes with every frame committed once.
/// </summary>
[Collection(Database.DatabaseCollection.Name)]
public sealed class SpotReclaimTests
{
    private const string Offer = "aws/us-east-1/g4dn.xlarge/spot";
    private const int Frames = 300;
    private static readonly TimeSpan CommitMargin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The chunks the farm cuts <see cref="Uneven"/> into when one run composes at most two clips: the
    /// background and one title each, so a cut at every title's start.
    /// </summary>
    private static readonly FrameRange[] Planned = [new(0, 30), new(30, 210), new(240, 30), new(270, 30)];

    /// <summary>1080p with a title over each planned chunk.</summary>
    private static Timeline Uneven()
    {
        var slow = FarmTimelines.Slow(Frames);
        var titles = Planned.Select(r => new VideoClip { Kind = ClipKind.Title, Start = r.Start, Duration = r.Count, Title = new TitleStyle { Text = "spot", FontSize = 48 } }).ToList();
        return slow with { VideoTracks = [slow.VideoTracks[0], new VideoTrack { Clips = titles }] };
    }

    /// <summary>The farm's node renders for another pool; the job's pool has only what the autoscaler launches, one machine at a time.</summary>
    private static Dictionary<string, string> Settings(ProcessFarm farm, FakeEc2Server ec2)
    {
        var settings = CloudAutoscalingTests.WithEc2(AutoscalerFarm.Settings(farm, [Offer], maxNodes: 1), ec2);
        settings["RenderNode__Pool"] = "office";
        settings["Limits__MaxInputsPerRun"] = "2";
        settings["Autoscaler__NodeSettings__Limits__MaxInputsPerRun"] = "2";
        return settings;
    }

    [Fact]
    public async Task On_a_spot_notice_a_chunk_that_finishes_in_time_is_kept_and_one_that_would_not_commits_its_finished_frames()
    {
        var machineLogs = Path.Combine(Path.GetTempPath(), "renderfarm-test-logs", "spot-" + Guid.NewGuid().ToString("N"));
        var host = new SiloMachineHost(machineLogs);
        await using var ec2 = await FakeEc2Server.StartAsync(host);
        host.MoreSettings = machine => new Dictionary<string, string>
        {
            ["RenderNode__Reclaim__MetadataUrl"] = ec2.MetadataEndpoint(machine),
            ["RenderNode__Reclaim__PollPeriod"] = "00:00:00.500",
            ["RenderNode__Reclaim__CommitMargin"] = CommitMargin.ToString(),
            ["RenderNode__RenderSlots"] = "2",
        };
        await using var farm = await ProcessFarm.StartAsync(1, farm => Settings(farm, ec2), renderingNodes: 0);
        var ct = TestContext.Current.CancellationToken;

        var job = await farm.Farm.SubmitJobAsync(Uneven(), new JobOptions { ChunkCount = 1 }, ct);
        var queued = await farm.UntilAsync(job.JobId, s => s.Chunks.Count > 0, "the job cut into chunks", TimeSpan.FromMinutes(1));
        Assert.Equal(Planned, queued.Chunks.Select(c => c.Range));
        var machine = (await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Any(m => m.State == MachineState.Ready), "the spot machine joined", TimeSpan.FromMinutes(2))).Machines.Single();
        (ChunkStatus Finishing, ChunkStatus Far, TimeSpan Window)? pair = null;
        var before = await farm.UntilAsync(job.JobId, s => (pair = FinishingAndFar(s, machine.NodeId)) is not null,
            "a chunk about to finish and one far from it on the spot machine", TimeSpan.FromMinutes(3));
        var (finishing, far, window) = pair!.Value;

        // The machine goes once the one about to finish has had twice the time it needs, and the margin.
        ec2.SetSpotNotice(machine.MachineId, window + CommitMargin);
        var noticedAt = DateTimeOffset.UtcNow;
        var cut = await farm.UntilAsync(job.JobId, s => s.Chunks[far.Index].State == ChunkState.Completed && s.Chunks[finishing.Index].State == ChunkState.Completed
                && !s.Chunks.SelectMany(c => c.History).Any(a => a.Node == machine.NodeId && a.EndedAt is null),
            "both chunks committed and nothing left running on the spot machine", TimeSpan.FromMinutes(1));
        var noticeToCommit = DateTimeOffset.UtcNow - noticedAt;
        var picked = $"picked chunk {finishing.Index} at {finishing.FramesDone}/{finishing.Range.Count} to finish and {far.Index} at {far.FramesDone}/{far.Range.Count} not to, window {window}; the machine's log in {machineLogs}";

        // The node judges by its own, fresher, view of the progress; what the test picked is how the
        // notice's window was set. Of the chunks the notice found running there, one finished in time and
        // was kept whole, and one was stopped and kept its finished frames.
        var running = before.Chunks.Where(c => c.State == ChunkState.Rendering && c.Node == machine.NodeId).Select(c => cut.Chunks[c.Index]).ToList();
        AttemptRecord OnMachine(ChunkStatus chunk) => chunk.History.Last(a => a.Node == machine.NodeId);
        var keptWhole = running.Where(c => OnMachine(c).End == AttemptEnd.Completed).ToList();
        Assert.True(keptWhole.Count >= 1, "no chunk on the machine finished in time: " + picked);
        Assert.All(keptWhole, c => Assert.Equal(before.Chunks[c.Index].Range, c.Range));
        var partial = Assert.Single(running, c => OnMachine(c).End == AttemptEnd.Reclaimed);
        var original = before.Chunks[partial.Index].Range;
        var framesKept = OnMachine(partial).Reclaimed!.Kept;
        Assert.InRange(framesKept, 1, original.Count - 1);
        Assert.Equal(new FrameRange(original.Start, framesKept), partial.Range);
        var rest = Assert.Single(cut.Chunks, c => c.Index >= Planned.Length);
        Assert.Equal(new FrameRange(original.Start + framesKept, original.Count - framesKept), rest.Range);

        await ec2.ReclaimAsync(machine.MachineId);
        var gone = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Single(m => m.NodeId == machine.NodeId).State == MachineState.Terminated, "the reclaimed machine marked gone", TimeSpan.FromMinutes(2));
        Assert.Contains("reclaim", gone.Machines.Single(m => m.NodeId == machine.NodeId).Reason);

        var done = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(5));
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}; logs in {farm.LogFolder}");
        Assert.DoesNotContain(done.Chunks.SelectMany(c => c.History), a => a.Node == machine.NodeId && a.StartedAt > noticedAt.AddSeconds(2));
        Assert.DoesNotContain(done.Chunks.Single(c => c.Index == rest.Index).History, a => a.Node == machine.NodeId);
        // Every frame committed once: the chunks tile the timeline, each committed by one attempt.
        var ranges = done.Chunks.Select(c => c.Range).OrderBy(r => r.Start).ToList();
        Assert.Equal(Frames, ranges.Sum(r => r.Count));
        Assert.All(ranges.Zip(ranges.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.All(done.Chunks, c => Assert.Single(c.History, a => a.End == AttemptEnd.Completed || a.Reclaimed is { Kept: > 0 }));
        var output = Uneven().Output;
        await MediaVerifier.VerifyFinalAsync(done.OutputPath!, new ExpectedVideo(Frames, output.Width, output.Height, "h264", output.FrameRate), output.Audio, ct);

        var bill = await farm.Farm.GetBillingAsync(BillingQuery.ForJob(job.JobId), ct);
        var reclaims = Assert.IsType<ReclaimTally>(bill.Reclaims);
        Assert.Equal((1, framesKept), (reclaims.Attempts, reclaims.FramesKept));
        Assert.Contains(bill.Attempts, a => a.Node == machine.NodeId && a.Outcome.StartsWith("reclaimed: kept", StringComparison.Ordinal));
        Assert.Equal(reclaims.Kept + reclaims.Lost, bill.Attempts.Where(a => a.Outcome.StartsWith("reclaimed", StringComparison.Ordinal)).Sum(a => a.Amount));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{picked}; kept whole chunk {string.Join(", ", keptWhole.Select(c => c.Index))}; chunk {partial.Index} {original} kept {framesKept} frames, rest {rest.Range} on {done.Chunks.Single(c => c.Index == rest.Index).Node}; notice to both committed {noticeToCommit.TotalSeconds:0.0} s; reclaim lost {reclaims.Lost} of {reclaims.Kept + reclaims.Lost}");
    }

    /// <summary>
    /// Two chunks rendering on the node: one whose rest, at its rate so far, is short, and one whose
    /// rest is far longer than twice that (the window the notice gives) and which has a frame to keep.
    /// </summary>
    private static (ChunkStatus, ChunkStatus, TimeSpan)? FinishingAndFar(JobStatus status, string node)
    {
        var now = DateTimeOffset.UtcNow;
        var running = status.Chunks
            .Where(c => c.State == ChunkState.Rendering && c.Node == node && c.FramesDone > 0)
            .Select(c => (Chunk: c, Left: RestOf(c, node, now)))
            .Where(c => c.Left is not null)
            .OrderBy(c => c.Left)
            .ToList();
        if (running.Count < 2)
            return null;
        var (finishing, rest) = running[0];
        var window = TimeSpan.FromSeconds(Math.Max(2, 2 * rest!.Value.TotalSeconds) + 1);
        var (far, farRest) = running[^1];
        // Both render on one node at about one rate, so frames left compare them without the lag of the
        // status's frame counts and start times: the far one must need at least twice the window the node gets.
        var framesLeft = finishing.Range.Count - finishing.FramesDone;
        var farFramesLeft = far.Range.Count - far.FramesDone;
        return rest <= TimeSpan.FromSeconds(8) && farRest > 2 * window + TimeSpan.FromSeconds(2) && farFramesLeft >= 4 * framesLeft + 10
            ? (finishing, far, window)
            : null;
    }

    private static TimeSpan? RestOf(ChunkStatus chunk, string node, DateTimeOffset now) =>
        chunk.History.LastOrDefault(a => a.Node == node && a.EndedAt is null) is { } attempt && now > attempt.StartedAt
            ? (now - attempt.StartedAt) * ((double)(chunk.Range.Count - chunk.FramesDone) / chunk.FramesDone)
            : null;
}
