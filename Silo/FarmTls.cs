using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using RenderFarm.Client.Security;

namespace RenderFarm.Silo;

/// <summary>
/// Farm mode's links: silo to silo and client to gateway over mutual TLS (section <c>Tls</c>), each
/// side presenting a certificate of the farm's authority and accepting only such; a silo of another
/// farm's authority cannot join, and the refusal is logged with its reason on both sides.
/// </summary>
public static class FarmTls
{
    public static ISiloBuilder UseRenderFarmTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(FarmTlsOptions.SiloSectionName).Get<FarmTlsOptions>() ?? new FarmTlsOptions();
        if (!options.Enabled)
            return silo;
        var certificates = FarmCertificates.Load(options, FarmTlsOptions.SiloSectionName);
        var check = new FarmPeerCheck(certificates.Authority);
        silo.UseTls(tls => FarmTlsSettings.Apply(tls, certificates, options, check));
        silo.Services.AddOptions<SiloConnectionOptions>()
            .Configure<ILoggerFactory>((_, loggers) => check.Logger = loggers.CreateLogger(FarmPeerCheck.LogCategory));
        return silo;
    }
}
