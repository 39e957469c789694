using RenderFarm.Costs;

namespace RenderFarm.Tests.Costs;

/// <summary>Where an estimate puts a job's pieces: longest chunk first on the slot that finishes it soonest, sound beside, merge after.</summary>
public sealed class WorkScheduleTests
{
    private static EstimateNode Node(string id, int slots = 1, int running = 0, double slowness = 1) => new(id, slots, running, slowness, 0.001m, 0.0004m);

    [Fact]
    public void Chunks_go_longest_first_to_the_slot_that_finishes_them_soonest()
    {
        var schedule = WorkSchedule.Plan([Node("a"), Node("b")], [4, 3, 3, 2], soundSeconds: 1, mergeSeconds: 0.5, queuedAhead: 0, includeRunning: true);

        // a: 4 then 2; b: 3 then 3; the sound (1 s) beside them; the merge after the last chunk.
        Assert.Equal(0, schedule.QueueWait);
        Assert.Equal(6.5, schedule.End, 9);
        Assert.Equal(6.5, schedule.WallTime, 9);
        Assert.Equal(4 + 3 + 3 + 2 + 1 + 0.5, schedule.MachineSeconds, 9);
        Assert.Equal(["a", "b", "b", "a"], schedule.Chunks.Select(c => c.NodeId));
    }

    [Fact]
    public void A_slower_node_takes_less_and_its_pieces_take_longer()
    {
        var schedule = WorkSchedule.Plan([Node("fast"), Node("slow", slowness: 2)], [2, 2, 2], 0, 0, 0, includeRunning: true);

        // fast takes the first two (ending at 2, then 4: a tie with slow, the first node wins it), slow the third (2 s of reference work at half speed).
        Assert.Equal(4, schedule.End, 9);
        Assert.Equal(2 + 2 + 4, schedule.MachineSeconds, 9);
    }

    [Fact]
    public void Work_queued_ahead_and_running_delays_the_start()
    {
        // Two slots, one busy (free after half a chunk: 1.5 s), two orders of 3 s queued ahead: 6 s of work
        // spread over a slot free now and one free at 1.5 s, so both free at 3.75 s.
        var schedule = WorkSchedule.Plan([Node("a", slots: 2, running: 1)], [3, 3], 0, 0, queuedAhead: 2, includeRunning: true);
        var priority = WorkSchedule.Plan([Node("a", slots: 2, running: 1)], [3, 3], 0, 0, queuedAhead: 0, includeRunning: false);

        Assert.Equal(3.75, schedule.QueueWait, 9);
        Assert.Equal(6.75, schedule.End, 9);
        Assert.Equal(3, schedule.WallTime, 9);
        Assert.Equal((0.0, 3.0), (priority.QueueWait, priority.End));
    }
}
