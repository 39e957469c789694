using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RenderFarm.Hosting;
using RenderFarm.Tests.Database;

namespace RenderFarm.Tests.Hosting;

public sealed class FarmMembershipTests
{
    [Fact]
    public void Farm_mode_tunes_failure_detection_and_configuration_overrides_single_keys()
    {
        var overrides = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Membership:ProbeTimeout"] = "00:00:07" })
            .Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseRenderFarmDatabase(FarmDatabase.ConnectionString, overrides.GetSection("Membership")));
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(7), options.ProbeTimeout);
        Assert.Equal(FarmMembership.MissedProbesLimit, options.NumMissedProbesLimit);
        Assert.Equal(FarmMembership.VotesForDeath, options.NumVotesForDeathDeclaration);
        Assert.Equal(FarmMembership.TableRefresh, options.TableRefreshTimeout);
        Assert.Equal(FarmMembership.IAmAlivePeriod, options.IAmAliveTablePublishTimeout);
        Assert.Equal(FarmMembership.MissedIAmAliveLimit, options.NumMissedTableIAmAliveLimit);
    }
}
