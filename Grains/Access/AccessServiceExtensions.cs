using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RenderFarm.Access;

public static class AccessServiceExtensions
{
    /// <summary>Users and their rights on a silo: the keys file (section <c>Access</c>), read again when it changes, and the filter that checks every client call.</summary>
    public static ISiloBuilder AddRenderFarmAccess(this ISiloBuilder silo, IConfiguration? configuration)
    {
        var options = silo.Services.AddOptions<AccessOptions>().ValidateOnStart();
        if (configuration is not null)
            options.Bind(configuration.GetSection(AccessOptions.SectionName));
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>());
        silo.Services.TryAddSingleton<AccessKeyring>();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, KeysFileWatcher>());
        silo.AddIncomingGrainCallFilter<ClientCallFilter>();
        return silo;
    }
}
