using RenderFarm.Costs;
using RenderFarm.Scaling.Reclaim;
using RenderFarm.Tests.Scaling.Aws;
using RenderFarm.Tests.Scaling.Gcp;

namespace RenderFarm.Tests.Scaling;

/// <summary>A node's reading of its provider's reclaim notice, from each fake's metadata service.</summary>
public sealed class ReclaimNoticeReaderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_ec2_spot_notice_is_read_through_imdsv2_with_its_time()
    {
        await using var ec2 = await Ec2TestFarm.StartAsync();
        var machine = await ec2.Provider.LaunchAsync(Ec2TestFarm.Launch("farm", "node-1", Ec2TestFarm.Price("g4dn.xlarge", PricingModel.Spot)), Token);
        using var http = new HttpClient();
        var reader = new ReclaimNoticeReader(http, new ReclaimOptions { Provider = "aws", MetadataUrl = ec2.Server.MetadataEndpoint(machine.MachineId) }, TimeProvider.System);

        Assert.Null(await reader.ReadAsync(Token));
        ec2.Server.SetSpotNotice(machine.MachineId);
        var notice = await reader.ReadAsync(Token);

        Assert.NotNull(notice);
        Assert.Equal("aws", notice.Provider);
        Assert.Equal(ec2.Time.GetUtcNow().AddMinutes(2), notice.ReclaimedBy, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_compute_engine_preemption_is_read_from_the_metadata_server()
    {
        await using var gce = await GceProviderHarness.StartAsync();
        var machine = await gce.Provider.LaunchAsync(GceProviderHarness.Launch("farm", "node-1", GceProviderHarness.Price("g2-standard-4", PricingModel.Spot)), Token);
        using var http = new HttpClient();
        var reader = new ReclaimNoticeReader(http, new ReclaimOptions { Provider = "gcp", MetadataUrl = gce.Server.MetadataRoot(machine.MachineId) }, TimeProvider.System);

        Assert.Null(await reader.ReadAsync(Token));
        gce.Server.Preempt(machine.MachineId);

        Assert.Equal("gcp", (await reader.ReadAsync(Token))?.Provider);
    }

    [Fact]
    public void A_provider_it_cannot_read_or_a_slow_poll_is_refused_by_name()
    {
        var result = new ReclaimOptionsValidator().Validate(null, new ReclaimOptions { Provider = "oracle", PollPeriod = TimeSpan.FromMinutes(1) });

        Assert.Equal(
            ["RenderNode:Reclaim:Provider must be aws, gcp or azure, or unset (was oracle)", "RenderNode:Reclaim:PollPeriod must be positive and at most 15 s, within the shortest notice (was 00:01:00)"],
            result.Failures);
    }
}
