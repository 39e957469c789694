using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using RenderFarm.Client.Security;

namespace RenderFarm.Silo;

/// <summary>
/// Farm mode's links: silo to silo and client to gateway over mutual TLS (section <c>Tls</c>), each
/// side presenting a certificate of the farm's authority and accepting only such; a silo of another
/// farm's authority, or one holding a client's certificate, cannot join, and the refusal is logged
/// with its reason on both sides.
/// </summary>
public static class FarmTls
{
    public static ISiloBuilder UseRenderFarmTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(FarmTlsOptions.SiloSectionName).Get<FarmTlsOptions>() ?? new FarmTlsOptions();
        if (!options.Enabled)
            return silo;
        var certificates = FarmCertificates.Load(options, FarmTlsOptions.SiloSectionName);
        // Silos admit only nodes as silos; the gateway admits any certificate of the farm's (clients').
        var nodes = new FarmPeerCheck(certificates.Authority, nodesOnly: true);
        var clients = new FarmPeerCheck(certificates.Authority);
        var betweenSilos = new TlsOptions();
        FarmTlsSettings.Apply(betweenSilos, certificates, options, nodes);
        var fromClients = new TlsOptions();
        FarmTlsSettings.Apply(fromClients, certificates, options, clients);
        silo.Services.AddOptions<SiloConnectionOptions>()
            .Configure<ILoggerFactory>((connections, loggers) =>
            {
                nodes.Logger = clients.Logger = loggers.CreateLogger(FarmPeerCheck.LogCategory);
                connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(betweenSilos));
                connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(betweenSilos));
                connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(fromClients));
            });
        return silo;
    }
}
