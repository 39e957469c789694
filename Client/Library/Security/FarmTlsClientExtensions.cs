using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace RenderFarm.Client.Security;

/// <summary>Farm mode for a client: mutual TLS to the gateways unless the operator turned it off (<c>RenderFarm:Tls:Enabled=false</c>).</summary>
public static class FarmTlsClientExtensions
{
    /// <returns>This client's certificates; null with TLS off.</returns>
    public static FarmCertificates? UseRenderFarmTls(this IClientBuilder client, FarmTlsOptions options)
    {
        if (!options.Enabled)
            return null;
        var certificates = FarmCertificates.Load(options, FarmTlsOptions.ClientSectionName);
        // The gateway must be one of the farm's nodes, not another client's certificate.
        var check = new FarmPeerCheck(certificates.Authority, nodesOnly: true);
        client.UseTls(tls => FarmTlsSettings.Apply(tls, certificates, options, check));
        client.Services.AddOptions<ClientConnectionOptions>()
            .Configure<ILoggerFactory>((_, loggers) => check.Logger = loggers.CreateLogger(FarmPeerCheck.LogCategory));
        return certificates;
    }
}
