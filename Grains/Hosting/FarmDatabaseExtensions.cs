using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using RenderFarm.Jobs;
using RenderFarm.Sandbox;

namespace RenderFarm.Hosting;

/// <summary>
/// Farm mode for a silo: membership, grain state (jobs, chunks, nodes, scheduler, stream
/// subscriptions) and reminders in PostgreSQL through Orleans' ADO.NET providers, on the schema in
/// deploy/sql. A client finds the gateways there with the client library's own UseRenderFarmDatabase.
/// </summary>
public static class FarmDatabaseExtensions
{
    /// <summary>The ADO.NET invariant that makes the providers load Npgsql.</summary>
    public const string Invariant = RenderFarmNames.DatabaseInvariant;

    /// <param name="membership">Overrides of <see cref="ClusterMembershipOptions"/> keys on top of <see cref="FarmMembership"/>'s tuning.</param>
    public static ISiloBuilder UseRenderFarmDatabase(this ISiloBuilder silo, string connectionString, IConfiguration? membership = null)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.Configure<ClusterMembershipOptions>(FarmMembership.Tune);
        if (membership is not null)
            silo.Services.Configure<ClusterMembershipOptions>(membership);
        // The default grain directory, when a silo dies, deactivates activations on the survivors whose
        // registrations that silo held, among them chunks in the middle of a render. The distributed
        // directory keeps its registrations replicated and leaves those activations alone.
        silo.AddDistributedGrainDirectory();
        // A farm node renders other people's files: sandboxed unless its operator says otherwise.
        silo.Services.PostConfigure<SandboxOptions>(options => options.Enabled ??= true);
        return silo.UseRenderFarmDatabaseState(connectionString);
    }

    /// <summary>Grain state, reminders and the job index in the farm database, membership left to the caller.</summary>
    public static ISiloBuilder UseRenderFarmDatabaseState(this ISiloBuilder silo, string connectionString)
    {
        foreach (var storage in new[] { RenderFarmNames.Storage, RenderFarmNames.PubSubStore })
            silo.AddRenderFarmGrainStorage(storage, connectionString);
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.Services.UsePostgresJobIndex(connectionString);
        return silo;
    }

    /// <summary>A grain storage in the farm database, as the farm's own are configured.</summary>
    public static ISiloBuilder AddRenderFarmGrainStorage(this ISiloBuilder silo, string name, string connectionString,
        Action<AdoNetGrainStorageOptions>? configure = null)
    {
        silo.AddAdoNetGrainStorage(name, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
        // Orleans' own binary format, the one grain calls use: the provider's default JSON keeps
        // object references and fails to read back a timeline that shares one value twice.
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(name)
            .PostConfigure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        return silo;
    }
}
