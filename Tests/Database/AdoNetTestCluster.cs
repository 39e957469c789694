using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using RenderFarm.Client;
using RenderFarm.Hosting;

namespace RenderFarm.Tests.Database;

/// <summary>
/// An in-process cluster whose silos and client use only the farm database: membership, gateway list,
/// grain state and reminders all go through the ADO.NET providers and the deploy/sql schema.
/// </summary>
public sealed class AdoNetTestCluster : IAsyncDisposable
{
    /// <summary>Test-only storage like "renderfarm" but deleting the record on clear (the DeleteStorageKey query).</summary>
    public const string DeletingStorage = "renderfarm-delete-on-clear";

    /// <summary>Lowest reminder period the test silos accept (Orleans' default minimum is one minute).</summary>
    public static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    private AdoNetTestCluster(InProcessTestCluster cluster, string clusterId, string serviceId)
    {
        Cluster = cluster;
        ClusterId = clusterId;
        ServiceId = serviceId;
    }

    public InProcessTestCluster Cluster { get; }
    public string ClusterId { get; }
    public string ServiceId { get; }
    public IClusterClient Client => Cluster.Client;

    public static async Task<AdoNetTestCluster> StartAsync(string serviceId, string clusterId, short silos = 2)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = clusterId;
        builder.Options.ConfigureFileLogging = false;
        UseConfiguredMembership(builder.Options);

        var connectionString = FarmDatabase.ConnectionString;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseRenderFarmDatabase(connectionString);
            silo.AddRenderFarmGrainStorage(DeletingStorage, connectionString, options => options.DeleteStateOnClear = true);
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = MinimumReminderPeriod);
        });
        builder.ConfigureClient(client => client.UseRenderFarmDatabase(connectionString));

        await FarmDatabase.EnsureReachableAsync();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync().WaitAsync(StartLimit);
        }
        catch (Exception e)
        {
            await cluster.DisposeAsync();
            if (e is TimeoutException)
                throw new TimeoutException($"cluster {clusterId} ({silos} silos on the farm database) did not start within {StartLimit.TotalSeconds}s", e);
            throw;
        }
        return new AdoNetTestCluster(cluster, clusterId, serviceId);
    }

    public InProcessSiloHandle SiloAt(SiloAddress address) =>
        Cluster.Silos.SingleOrDefault(silo => silo.SiloAddress.Equals(address))
        ?? throw new InvalidOperationException($"no running silo at {address} in cluster {ClusterId}");

    public T SiloService<T>(SiloAddress? silo = null) where T : notnull =>
        Cluster.GetSiloServiceProvider(silo).GetRequiredService<T>();

    public async Task StopSiloAsync(InProcessSiloHandle silo) =>
        await Cluster.StopSiloAsync(silo).WaitAsync(StopLimit);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopClusterClientAsync().WaitAsync(StopLimit);
            await Cluster.StopAllSilosAsync().WaitAsync(StopLimit);
        }
        finally
        {
            await Cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// InProcessTestClusterBuilder always replaces the silos' membership table and the client's gateway
    /// list with an in-memory one, after every ConfigureSilo delegate has run, through an option
    /// Orleans 10.4.2 keeps internal. Turning it off is the only way to test the configured clustering.
    /// </summary>
    private static void UseConfiguredMembership(InProcessTestClusterOptions options)
    {
        const string name = "UseTestClusterMembership";
        var property = typeof(InProcessTestClusterOptions).GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException($"{nameof(InProcessTestClusterOptions)}.{name} is gone: check how this Orleans version lets a test cluster use ADO.NET clustering");
        property.SetValue(options, false);
    }
}
