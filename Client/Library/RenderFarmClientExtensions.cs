using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using RenderFarm.Client.Security;

namespace RenderFarm.Client;

public static class RenderFarmClientExtensions
{
    /// <summary>
    /// Connects a host application to a running farm: an Orleans client with the farm's streams, and
    /// <see cref="IRenderFarm"/> in the container.
    /// </summary>
    public static IServiceCollection AddRenderFarmClient(this IServiceCollection services, Action<RenderFarmClientOptions>? configure = null, IConfiguration? configuration = null)
    {
        var options = new RenderFarmClientOptions();
        configuration?.GetSection(RenderFarmClientOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddOrleansClient(client =>
        {
            FarmCertificates? certificates = null;
            if (options.Database is { Length: > 0 } database)
            {
                client.UseRenderFarmDatabase(database);
                certificates = client.UseRenderFarmTls(options.Tls);
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
            }
            client.AddMemoryStreams(RenderFarmNames.Streams);
            client.AddOutgoingGrainCallFilter(new ApiKeyCallFilter(ApiKeySource.Read(options)));
            // A gateway refusing this client's TLS is said at once (FarmNotAuthorisedException), not retried into a timeout.
            client.Services.AddSingleton(new GatewayTlsProbe(certificates));
            client.UseConnectionRetryFilter<FarmConnectionRetryFilter>();
        });
        services.AddSingleton<IRenderFarm, RenderFarmClient>();
        return services;
    }
}
