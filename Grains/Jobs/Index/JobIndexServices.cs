using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace RenderFarm.Jobs;

/// <summary>
/// Which <see cref="IJobIndex"/> a silo has, chosen with its grain storage: the farm database's table
/// in farm mode, the process's shared memory for silos that share an in-process state store, and
/// otherwise (the default) one grain of the cluster.
/// </summary>
public static class JobIndexServices
{
    /// <summary>The default, kept when no storage choice below replaces it.</summary>
    public static IServiceCollection AddClusterJobIndex(this IServiceCollection services)
    {
        services.TryAddSingleton<IJobIndex, ClusterJobIndex>();
        return services;
    }

    /// <summary>Every silo given the same <paramref name="index"/> sees the same jobs.</summary>
    public static IServiceCollection UseInProcessJobIndex(this IServiceCollection services, InMemoryJobIndex index) =>
        services.Replace(ServiceDescriptor.Singleton<IJobIndex>(index));

    /// <summary>The <c>job_index</c> table of the farm database, under this silo's <see cref="ClusterOptions.ServiceId"/>.</summary>
    public static IServiceCollection UsePostgresJobIndex(this IServiceCollection services, string connectionString) =>
        services.Replace(ServiceDescriptor.Singleton<IJobIndex>(provider =>
            new PostgresJobIndex(NpgsqlDataSource.Create(connectionString), provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId)));
}
