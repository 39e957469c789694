using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Costs;

/// <summary>An attempt ended by a reclaim on the ledger: what its kept frames bought and what the reclaim lost.</summary>
public sealed class ReclaimBillingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    // 36.00 an hour for one slot: a cent a second.
    private static readonly SlotPrice Price = new("aws/us-east-1/g4dn.xlarge/spot", 36.00m, 1, new BillingRule(1, 0));

    private static LedgerEntry Entry(int index, int seconds, ReclaimedFrames? reclaimed) =>
        new(WorkKey.ForChunk(Guid.Empty, index), 1, "spot", Price, T0, T0.AddSeconds(seconds), reclaimed is null ? AttemptEnd.Completed : AttemptEnd.Reclaimed, reclaimed);

    [Fact]
    public void A_reclaimed_attempt_splits_its_cost_by_the_frames_it_kept_and_lost()
    {
        var entry = Entry(0, 40, new ReclaimedFrames(30, 10));

        Assert.Equal(0.40m, entry.Time.Amount);
        Assert.Equal(0.10m, entry.LostToReclaim);
        Assert.Equal(new ReclaimTally(1, 30, 10, 0.30m, 0.10m), entry.ReclaimTally);
    }

    [Fact]
    public void An_attempt_that_kept_nothing_is_lost_whole_and_one_not_reclaimed_is_not_counted()
    {
        Assert.Equal(0.25m, Entry(0, 25, new ReclaimedFrames(0, 12)).LostToReclaim);
        Assert.Equal(0m, Entry(1, 25, null).LostToReclaim);

        var tally = ReclaimBilling.Tally([Entry(0, 25, new ReclaimedFrames(0, 12)), Entry(1, 25, null), Entry(2, 40, new ReclaimedFrames(30, 10))]);

        Assert.Equal(new ReclaimTally(2, 30, 22, 0.30m, 0.35m), tally);
        Assert.Null(ReclaimBilling.Tally([Entry(1, 25, null)]));
    }

    [Fact]
    public void On_a_bill_the_kept_and_lost_parts_are_to_the_cent_and_add_up_to_the_whole()
    {
        var billed = ReclaimBilling.InCents(new ReclaimTally(3, 70, 5, 1.23456m, 0.00555m))!;

        Assert.Equal((1.23m, 0.01m), (billed.Kept, billed.Lost));
        Assert.Equal(1.24m, billed.Kept + billed.Lost);
    }
}
