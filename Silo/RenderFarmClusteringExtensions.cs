using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using RenderFarm.Access;
using RenderFarm.Client.Security;
using RenderFarm.Hosting;

namespace RenderFarm.Silo;

public static class RenderFarmClusteringExtensions
{
    /// <summary>
    /// The "Cluster" section (<see cref="LocalClusterOptions"/>) decides: with a database, farm mode on
    /// PostgreSQL (durable jobs, reminders, membership across machines); without, the development
    /// choice for one machine: localhost clustering, and grain state, stream subscriptions and the
    /// jobs' watchdog reminders in memory grains spread over the silos, gone once the silos stop.
    /// Farm mode's links are mutual TLS unless <c>Tls:Enabled</c> is false (<see cref="FarmTls"/>).
    /// </summary>
    public static ISiloBuilder UseRenderFarmClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = LocalClusterOptionsValidator.Checked(
            configuration.GetSection(LocalClusterOptions.SectionName).Get<LocalClusterOptions>() ?? new LocalClusterOptions());
        if (cluster.Database is { Length: > 0 } database)
        {
            var address = cluster.AdvertisedAddress is { Length: > 0 } advertised ? IPAddress.Parse(advertised) : IPAddress.Loopback;
            silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.AdvertisedAddress is not null);
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            // Many machines and users: a client must present a key of the farm's keys file (or access control is turned off by name).
            silo.Services.PostConfigure<AccessOptions>(access => access.KeysRequired = true);
            // The "Membership" section overrides FarmMembership's tuning key by key (Membership__ProbeTimeout=00:00:05).
            silo.UseRenderFarmTls(configuration);
            return silo.UseRenderFarmDatabase(FarmDatabaseConnection.WithSecureDefaults(database), configuration.GetSection("Membership"));
        }
        silo.UseLocalhostClustering(
            cluster.SiloPort,
            cluster.GatewayPort,
            new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort),
            cluster.ServiceId,
            cluster.ClusterId);
        AddMemoryStorage(silo, RenderFarmNames.Storage);
        AddMemoryStorage(silo, RenderFarmNames.PubSubStore);
        silo.UseInMemoryReminderService();
        return silo;
    }

    /// <summary>
    /// Memory storage in Orleans' own binary format: its default JSON fails on the farm's records
    /// ("self referencing loop" on a work key's properties), so a job's first write would fail.
    /// </summary>
    private static void AddMemoryStorage(ISiloBuilder silo, string name)
    {
        silo.AddMemoryGrainStorage(name);
        silo.Services.AddOptions<MemoryGrainStorageOptions>(name)
            .PostConfigure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
    }
}
