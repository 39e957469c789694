using RenderFarm.Nodes;

namespace RenderFarm.Tests.Nodes;

public sealed class RenderSlotRuleTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 2, 1)]
    [InlineData(4, 4, 1)]
    [InlineData(8, 4, 2)]
    [InlineData(16, 4, 4)]
    [InlineData(64, 8, 8)]
    public void A_machine_gets_its_slots_and_threads_from_its_cores(int cores, int slots, int threads)
    {
        Assert.Equal(new RenderSlotRule(cores, slots, threads), RenderSlotRule.ForCores(cores));
    }

    [Fact]
    public void A_huge_machine_stops_at_the_most_slots_a_node_may_have()
    {
        Assert.Equal(new RenderSlotRule(1024, RenderSlotRule.MaxSlots, RenderSlotRule.MaxThreadsPerSlot), RenderSlotRule.ForCores(1024));
    }

    [Theory]
    [InlineData(2, 1, 2)]
    [InlineData(2, 2, 1)]
    [InlineData(2, 8, 1)]
    [InlineData(16, 2, 8)]
    [InlineData(64, 1, 8)]
    public void Configured_slots_share_the_cores(int cores, int slots, int threads)
    {
        Assert.Equal(threads, RenderSlotRule.ThreadsPerSlotFor(cores, slots));
    }

    [Fact]
    public void Unset_options_hold_the_machines_numbers_and_configured_ones_win()
    {
        var machine = RenderSlotRule.ThisMachine;
        var unset = new RenderNodeOptions();
        var configured = new RenderNodeOptions { RenderSlots = 1 };

        Assert.Equal((machine.Slots, machine.ThreadsPerSlot), (unset.RenderSlots, unset.ThreadsPerSlot));
        Assert.Equal((1, RenderSlotRule.ThreadsPerSlotFor(machine.Cores, 1)), (configured.RenderSlots, configured.ThreadsPerSlot));
        Assert.Equal(3, new RenderNodeOptions { ThreadsPerSlot = 3 }.ThreadsPerSlot);
    }
}
