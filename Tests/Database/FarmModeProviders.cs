using Orleans.Configuration;

namespace RenderFarm.Tests.Database;

/// <summary>
/// Farm mode's providers, all on the PostgreSQL database that deploy/db/setup-postgres.sh prepares:
/// membership and the clients' gateway list, grain state ("renderfarm" and "PubSubStore") and
/// reminders. The silo and client hosting use the same calls; these tests prove them.
/// </summary>
public static class FarmModeProviders
{
    /// <summary>The ADO.NET invariant that makes the providers load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public const string GrainStorage = "renderfarm";
    public const string PubSubStorage = "PubSubStore";

    public static ISiloBuilder UseFarmDatabase(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        foreach (var storage in new[] { GrainStorage, PubSubStorage })
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

    public static IClientBuilder UseFarmDatabase(this IClientBuilder client, string connectionString) =>
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
}
