using RenderFarm.Client.Security;

namespace RenderFarm.Client;

/// <summary>Farm mode for a client: the gateways are found in the farm's PostgreSQL database, where the silos register.</summary>
public static class FarmDatabaseClientExtensions
{
    public static IClientBuilder UseRenderFarmDatabase(this IClientBuilder client, string connectionString) =>
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = RenderFarmNames.DatabaseInvariant;
            options.ConnectionString = FarmDatabaseConnection.WithSecureDefaults(connectionString);
        });
}
