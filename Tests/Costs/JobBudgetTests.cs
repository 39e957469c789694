using RenderFarm.Jobs;

namespace RenderFarm.Tests.Costs;

public sealed class JobBudgetTests
{
    private static BudgetFacts Facts(decimal billed, decimal[] running, JobState state = JobState.Rendering, bool queued = true) =>
        new(state, Cap: 10m, billed, running, ChunkCost: 1m, CostPerCheck: 0.05m, queued);

    [Fact]
    public void Work_goes_on_while_what_is_spent_what_runs_and_one_more_chunk_stay_under_the_cap() =>
        Assert.Null(JobBudget.Check(Facts(7m, [0.5m, 0.2m])));

    [Fact]
    public void Nothing_new_is_dispatched_once_one_more_chunk_would_pass_the_cap() =>
        // 8 spent + 2 running chunks expected to cost 1 each + 1 more > 10.
        Assert.Equal(JobEvent.CapReached, JobBudget.Check(Facts(8m, [0.5m, 0.2m])));

    [Fact]
    public void What_runs_is_stopped_once_the_cap_is_passed_by_a_chunks_cost() =>
        // A renderer far slower than estimated: its running attempts have cost 3 already.
        Assert.Equal(JobEvent.CapOverrun, JobBudget.Check(Facts(8m, [1.5m, 1.5m]) with { State = JobState.HoldingAtCap }));

    [Fact]
    public void A_job_with_nothing_left_to_dispatch_is_not_held_for_what_it_will_not_start() =>
        Assert.Null(JobBudget.Check(Facts(9.5m, [0.2m], queued: false)));

    [Fact]
    public void A_paused_or_merging_job_is_not_checked()
    {
        Assert.Null(JobBudget.Check(Facts(50m, [5m], JobState.Paused)));
        Assert.Null(JobBudget.Check(Facts(50m, [5m], JobState.Merging)));
    }

    [Fact]
    public void A_held_job_carries_on_once_its_cap_leaves_room_for_a_chunk()
    {
        var held = Facts(9.5m, [], JobState.HeldAtCap);

        Assert.False(JobBudget.MayCarryOn(held));
        Assert.True(JobBudget.MayCarryOn(held with { Cap = 20m }));
    }
}
