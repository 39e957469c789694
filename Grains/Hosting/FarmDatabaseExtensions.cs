using Orleans.Configuration;

namespace RenderFarm.Hosting;

/// <summary>
/// Farm mode: membership, grain state (jobs, chunks, nodes, scheduler, stream subscriptions) and
/// reminders in PostgreSQL through Orleans' ADO.NET providers, on the schema in deploy/sql.
/// </summary>
public static class FarmDatabaseExtensions
{
    /// <summary>The ADO.NET invariant that makes the providers load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static ISiloBuilder UseRenderFarmDatabase(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.Configure<ClusterMembershipOptions>(FarmMembership.Tune);
        return silo.UseRenderFarmDatabaseState(connectionString);
    }

    /// <summary>Grain state and reminders in the farm database, membership left to the caller.</summary>
    public static ISiloBuilder UseRenderFarmDatabaseState(this ISiloBuilder silo, string connectionString)
    {
        foreach (var storage in new[] { RenderFarmNames.Storage, RenderFarmNames.PubSubStore })
        {
            silo.AddAdoNetGrainStorage(storage, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            });
        }
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }

    public static IClientBuilder UseRenderFarmDatabase(this IClientBuilder client, string connectionString) =>
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
}
