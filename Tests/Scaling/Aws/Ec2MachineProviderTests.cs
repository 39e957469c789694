using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RenderFarm.Costs;
using RenderFarm.Scaling;
using RenderFarm.Scaling.Aws;
using static RenderFarm.Tests.Scaling.Aws.Ec2TestFarm;

namespace RenderFarm.Tests.Scaling.Aws;

public sealed class Ec2MachineProviderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_spot_launch_asks_for_a_one_time_spot_instance_with_the_image_tags_and_user_data_whose_settings_boot_the_machine()
    {
        await using var farm = await StartAsync();
        var launch = Launch("farm-a", "farm-a-gpu-1", Price("g4dn.xlarge", PricingModel.Spot));

        var machine = await farm.Provider.LaunchAsync(launch, Cancel);

        var instance = Assert.Single(farm.Server.Instances.All);
        Assert.Equal(new ProviderMachine(instance.Id, "farm-a-gpu-1", "aws/us-east-1/g4dn.xlarge/spot", ProviderMachineState.Pending, farm.Time.GetUtcNow()), machine);
        Assert.Equal("g4dn.xlarge", instance.InstanceType);
        Assert.Equal(ImageId, instance.ImageId);
        Assert.Equal(SubnetId, instance.SubnetId);
        Assert.Equal([SecurityGroupId], instance.SecurityGroupIds);
        Assert.Equal("render-ops", instance.KeyName);
        Assert.Equal("renderfarm-node", instance.Request.Get("IamInstanceProfile.Name"));
        Assert.Equal("spot", instance.MarketType);
        Assert.Equal("one-time", instance.Request.Get("InstanceMarketOptions.SpotOptions.SpotInstanceType"));
        Assert.Equal("terminate", instance.Request.Get("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior"));
        var expectedTags = launch.Tags.Append(new("Name", "farm-a-gpu-1")).OrderBy(t => t.Key);
        Assert.Equal(expectedTags, instance.Tags.OrderBy(t => t.Key));
        Assert.Equal(expectedTags, instance.VolumeTags.OrderBy(t => t.Key));
        var booted = farm.Host.Running[instance.Id];
        Assert.Equal(launch.Boot.Environment.OrderBy(e => e.Key), booted.Environment.OrderBy(e => e.Key));
        Assert.Equal(launch.Boot.PackageUrl, booted.PackageUrl);
    }

    [Fact]
    public async Task An_on_demand_launch_has_no_market_options()
    {
        await using var farm = await StartAsync();

        var machine = await farm.Provider.LaunchAsync(Launch("farm-a", "farm-a-cpu-1", Price("c5.2xlarge", PricingModel.OnDemand)), Cancel);

        var instance = Assert.Single(farm.Server.Instances.All);
        Assert.Equal("aws/us-east-1/c5.2xlarge/on-demand", machine.Instance);
        Assert.Equal("c5.2xlarge", instance.InstanceType);
        Assert.Null(instance.MarketType);
        Assert.DoesNotContain(instance.Request.Parameters.Keys, k => k.StartsWith("InstanceMarketOptions", StringComparison.Ordinal));
        Assert.Equal("farm-a-cpu-1", farm.Host.Running[instance.Id].Environment["RenderNode__NodeId"]);
    }

    [Fact]
    public async Task A_launch_priced_in_another_region_is_refused_before_EC2_is_asked()
    {
        await using var farm = await StartAsync();
        var elsewhere = Price("g4dn.xlarge", PricingModel.Spot) with { Region = "eu-west-1" };

        var error = await Assert.ThrowsAsync<ProviderException>(() => farm.Provider.LaunchAsync(Launch("farm-a", "n1", elsewhere), Cancel));

        Assert.Equal(ProviderErrorReason.BadRequest, error.Reason);
        Assert.Contains("Providers:Aws:Region", error.Message);
        Assert.Empty(farm.Server.RequestsOf("RunInstances"));
    }

    [Fact]
    public async Task Listing_finds_the_farm_s_machines_by_tag_over_pages_with_their_states_and_not_another_farm_s()
    {
        await using var farm = await StartAsync();
        farm.Server.InstancePageSize = 2;
        var spot = Price("g4dn.xlarge", PricingModel.Spot);
        var running = await farm.Provider.LaunchAsync(Launch("farm-a", "a-running", spot), Cancel);
        var stopping = await farm.Provider.LaunchAsync(Launch("farm-a", "a-stopping", spot), Cancel);
        var stopped = await farm.Provider.LaunchAsync(Launch("farm-a", "a-stopped", spot), Cancel);
        var terminated = await farm.Provider.LaunchAsync(Launch("farm-a", "a-terminated", spot), Cancel);
        await farm.Provider.LaunchAsync(Launch("farm-b", "b-running", spot), Cancel);
        await farm.Server.SetStateAsync(stopping.MachineId, "stopping");
        await farm.Server.SetStateAsync(stopped.MachineId, "stopped");
        await farm.Provider.TerminateAsync(terminated.MachineId, Cancel);
        farm.Time.Advance(TimeSpan.FromSeconds(5));
        var shuttingDown = await farm.Provider.LaunchAsync(Launch("farm-a", "a-shutting-down", spot), Cancel);
        farm.Time.Advance(TimeSpan.FromSeconds(5));
        await farm.Provider.TerminateAsync(shuttingDown.MachineId, Cancel);
        var pending = await farm.Provider.LaunchAsync(Launch("farm-a", "a-pending", Price("c5.large", PricingModel.OnDemand)), Cancel);

        var listed = await farm.Provider.ListAsync("farm-a", Cancel);

        Assert.Equal(
            new[]
            {
                (running.MachineId, "a-running", spot.Key, ProviderMachineState.Running),
                (stopping.MachineId, "a-stopping", spot.Key, ProviderMachineState.Stopping),
                (stopped.MachineId, "a-stopped", spot.Key, ProviderMachineState.Gone),
                (shuttingDown.MachineId, "a-shutting-down", spot.Key, ProviderMachineState.Stopping),
                (pending.MachineId, "a-pending", "aws/us-east-1/c5.large/on-demand", ProviderMachineState.Pending),
            }.OrderBy(m => m.Item2),
            listed.Select(m => (m.MachineId, m.NodeId, m.Instance, m.State)).OrderBy(m => m.Item2));
        Assert.True(farm.Server.RequestsOf("DescribeInstances").Count >= 3, "five machines at two a page take three pages");
    }

    [Fact]
    public async Task Terminating_stops_the_host_s_machine_and_an_unknown_or_gone_machine_is_no_error()
    {
        await using var farm = await StartAsync();
        var machine = await farm.Provider.LaunchAsync(Launch("farm-a", "a-1", Price("g4dn.xlarge", PricingModel.Spot)), Cancel);

        await farm.Provider.TerminateAsync(machine.MachineId, Cancel);

        Assert.Equal([machine.MachineId], farm.Host.Stopped);
        Assert.Empty(farm.Host.Running);
        Assert.Equal(ProviderMachineState.Stopping, Assert.Single(await farm.Provider.ListAsync("farm-a", Cancel)).State);
        farm.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await farm.Provider.ListAsync("farm-a", Cancel));
        await farm.Provider.TerminateAsync(machine.MachineId, Cancel);
        await farm.Provider.TerminateAsync("i-0000000000000dead", Cancel);
        Assert.Equal([machine.MachineId], farm.Host.Stopped);
    }

    [Fact]
    public async Task Spot_prices_are_the_latest_of_each_type_and_zone_for_Linux_in_the_region_asked()
    {
        await using var farm = await StartAsync();
        farm.Server.SpotPricePageSize = 2;
        var now = farm.Time.GetUtcNow();
        farm.Server.SpotPrices.Set("g4dn.xlarge", "us-west-2a", "0.612300", now.AddHours(-3));
        farm.Server.SpotPrices.Set("g4dn.xlarge", "us-west-2a", "0.526000", now.AddMinutes(-20));
        farm.Server.SpotPrices.Set("g4dn.xlarge", "us-west-2b", "0.5512", now.AddHours(-1));
        farm.Server.SpotPrices.Set("g4dn.xlarge", "us-west-2a", "1.9000", now.AddMinutes(-5), product: "Windows");
        farm.Server.SpotPrices.Set("c5.large", "us-west-2c", "0.0350", now.AddDays(-2));
        farm.Server.SpotPrices.Set("p3.2xlarge", "us-west-2a", "0.9180", now.AddMinutes(-1));

        var quotes = await farm.Provider.SpotPricesAsync("us-west-2", ["g4dn.xlarge", "c5.large"], Cancel);

        Assert.Equal(
            new[]
            {
                new SpotPriceQuote("us-west-2", "c5.large", "us-west-2c", 0.035m, now.AddDays(-2)),
                new SpotPriceQuote("us-west-2", "g4dn.xlarge", "us-west-2a", 0.526m, now.AddMinutes(-20)),
                new SpotPriceQuote("us-west-2", "g4dn.xlarge", "us-west-2b", 0.5512m, now.AddHours(-1)),
            },
            quotes.OrderBy(q => q.InstanceType, StringComparer.Ordinal).ThenBy(q => q.Zone, StringComparer.Ordinal));
        var requests = farm.Server.RequestsOf("DescribeSpotPriceHistory");
        Assert.True(requests.Count >= 2, "three prices at two a page take two pages");
        Assert.All(requests, r => Assert.Equal("us-west-2", r.Region));
        Assert.All(requests, r => Assert.Equal(["Linux/UNIX"], r.List("ProductDescription")));
        Assert.Empty(await farm.Provider.SpotPricesAsync("us-west-2", [], Cancel));
    }

    [Theory]
    [InlineData("InsufficientInstanceCapacity", ProviderErrorReason.Capacity)]
    [InlineData("InsufficientCapacity", ProviderErrorReason.Capacity)]
    [InlineData("InsufficientHostCapacity", ProviderErrorReason.Capacity)]
    [InlineData("SpotMaxPriceTooLow", ProviderErrorReason.Capacity)]
    [InlineData("Unsupported", ProviderErrorReason.Capacity)]
    [InlineData("InstanceLimitExceeded", ProviderErrorReason.Quota)]
    [InlineData("VcpuLimitExceeded", ProviderErrorReason.Quota)]
    [InlineData("MaxSpotInstanceCountExceeded", ProviderErrorReason.Quota)]
    [InlineData("InsufficientFreeAddressesInSubnet", ProviderErrorReason.Quota)]
    [InlineData("RequestLimitExceeded", ProviderErrorReason.Throttled)]
    [InlineData("Throttling", ProviderErrorReason.Throttled)]
    [InlineData("AuthFailure", ProviderErrorReason.Auth)]
    [InlineData("UnauthorizedOperation", ProviderErrorReason.Auth)]
    [InlineData("Blocked", ProviderErrorReason.Auth)]
    [InlineData("OptInRequired", ProviderErrorReason.Auth)]
    [InlineData("InvalidParameterValue", ProviderErrorReason.BadRequest)]
    [InlineData("InvalidParameterCombination", ProviderErrorReason.BadRequest)]
    [InlineData("InvalidAMIID.NotFound", ProviderErrorReason.BadRequest)]
    [InlineData("InvalidAMIID.Malformed", ProviderErrorReason.BadRequest)]
    [InlineData("InvalidSubnetID.NotFound", ProviderErrorReason.BadRequest)]
    [InlineData("InvalidGroup.NotFound", ProviderErrorReason.BadRequest)]
    [InlineData("MissingParameter", ProviderErrorReason.BadRequest)]
    public async Task An_EC2_error_code_is_the_reason_the_autoscaler_acts_on(string code, ProviderErrorReason reason)
    {
        await using var farm = await StartAsync();
        farm.Server.Failures.FailRunInstances("g4dn.xlarge", code);

        var error = await Assert.ThrowsAsync<ProviderException>(() => farm.Provider.LaunchAsync(Launch("farm-a", "a-1", Price("g4dn.xlarge", PricingModel.Spot)), Cancel));

        Assert.Equal((reason, code, "aws"), (error.Reason, error.Code, error.Provider));
        Assert.Empty(farm.Server.Instances.All);
        Assert.Empty(farm.Host.Running);
    }

    [Fact]
    public async Task An_injected_error_hits_only_its_instance_type_and_only_as_often_as_asked()
    {
        await using var farm = await StartAsync();
        farm.Server.Failures.FailRunInstances("g4dn.xlarge", "InsufficientInstanceCapacity", times: 2);
        var gpu = Launch("farm-a", "a-1", Price("g4dn.xlarge", PricingModel.Spot));

        await farm.Provider.LaunchAsync(Launch("farm-a", "a-2", Price("c5.large", PricingModel.Spot)), Cancel);
        await Assert.ThrowsAsync<ProviderException>(() => farm.Provider.LaunchAsync(gpu, Cancel));
        await Assert.ThrowsAsync<ProviderException>(() => farm.Provider.LaunchAsync(gpu, Cancel));
        await farm.Provider.LaunchAsync(gpu, Cancel);

        Assert.Equal(["c5.large", "g4dn.xlarge"], farm.Server.Instances.All.Select(i => i.InstanceType));
    }

    [Fact]
    public async Task A_launch_whose_answer_is_lost_and_that_the_SDK_tries_again_launches_one_machine()
    {
        await using var farm = await StartAsync();
        var options = OptionsFor(farm.Server);
        options.MaxErrorRetry = 1;
        using var provider = new Ec2MachineProvider(Options.Create(options), farm.Time, NullLogger<Ec2MachineProvider>.Instance);
        farm.Server.Failures.LoseRunInstancesAnswer();

        var machine = await provider.LaunchAsync(Launch("farm-a", "a-1", Price("g4dn.xlarge", PricingModel.Spot)), Cancel);

        Assert.Equal(2, farm.Server.RequestsOf("RunInstances").Count);
        Assert.Equal(machine.MachineId, Assert.Single(farm.Server.Instances.All).Id);
        Assert.Equal([machine.MachineId], farm.Host.Running.Keys);
    }

    [Fact]
    public async Task A_fault_inside_EC2_or_an_endpoint_that_refuses_connections_is_unavailable()
    {
        await using var farm = await StartAsync();
        farm.Server.Failures.Fault("DescribeInstances");

        var fault = await Assert.ThrowsAsync<ProviderException>(() => farm.Provider.ListAsync("farm-a", Cancel));
        Assert.Equal((ProviderErrorReason.Unavailable, "Unavailable"), (fault.Reason, fault.Code));

        await farm.Server.StopAsync(Cancel);
        var refused = await Assert.ThrowsAsync<ProviderException>(() => farm.Provider.TerminateAsync("i-0123456789abcdef0", Cancel));
        Assert.Equal(ProviderErrorReason.Unavailable, refused.Reason);
        Assert.Null(refused.Code);
    }
}
