using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace RenderFarm.Client.Security;

/// <summary>Farm mode for a client: mutual TLS to the gateways unless the operator turned it off, and a clear refusal when the farm does not accept this client.</summary>
public static class FarmTlsClientExtensions
{
    public static IClientBuilder UseRenderFarmTls(this IClientBuilder client, RenderFarmClientOptions options)
    {
        FarmCertificates? certificates = null;
        if (options.Tls.Enabled)
        {
            certificates = FarmCertificates.Load(options.Tls, FarmTlsOptions.ClientSectionName);
            var check = new FarmPeerCheck(certificates.Authority);
            client.UseTls(tls => FarmTlsSettings.Apply(tls, certificates, options.Tls, check));
            client.Services.AddOptions<ClientConnectionOptions>()
                .Configure<ILoggerFactory>((_, loggers) => check.Logger = loggers.CreateLogger(FarmPeerCheck.LogCategory));
        }
        client.Services.AddSingleton(new GatewayTlsProbe(certificates));
        client.UseConnectionRetryFilter<FarmConnectionRetryFilter>();
        return client;
    }
}
