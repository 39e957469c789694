using RenderFarm.Costs;

namespace RenderFarm.Tests.Costs;

public sealed class BillingRuleTests
{
    private static readonly BillingRule PerSecondWithMinute = new(1, 60);

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.0001, 2)]
    [InlineData(59.5, 60)]
    [InlineData(3600.0, 3600)]
    public void An_attempt_is_billed_in_whole_seconds_rounded_up_without_the_machines_minimum(double seconds, long billed) =>
        Assert.Equal(billed, PerSecondWithMinute.AttemptSeconds(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(5.0, 60)]
    [InlineData(60.0, 60)]
    [InlineData(61.2, 62)]
    public void A_machine_run_is_billed_at_least_the_minimum(double seconds, long billed) =>
        Assert.Equal(billed, PerSecondWithMinute.MachineSeconds(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_coarser_increment_rounds_up_to_it() =>
        Assert.Equal(120, new BillingRule(60, 0).AttemptSeconds(TimeSpan.FromSeconds(61)));

    [Fact]
    public void A_slot_pays_its_share_of_the_machine()
    {
        var machine = PriceCatalogue.Defaults.Find("aws/us-east-1/g4dn.xlarge/on-demand")!;

        Assert.Equal(0.1315m, SlotPrice.Of(machine, 4).HourlySlotPrice);
    }
}
