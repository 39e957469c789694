using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Scaling.Aws;
using RenderFarm.Scaling.Azure;
using RenderFarm.Scaling.Gcp;
using RenderFarm.Scaling.Local;
using RenderFarm.Scaling.Reclaim;

namespace RenderFarm.Scaling;

public static class AutoscalingServiceCollectionExtensions
{
    /// <summary>
    /// The autoscaler and the machine providers configured: local when <c>Providers:Local:Enabled</c>
    /// (it starts processes on this machine), a cloud's when its section (<c>Providers:Aws</c>,
    /// <c>Providers:Azure</c>, <c>Providers:Gcp</c>) is there; each checked when the silo starts.
    /// </summary>
    public static IServiceCollection AddRenderFarmAutoscaling(this IServiceCollection services, IConfiguration? configuration)
    {
        var autoscaler = services.AddOptions<AutoscalerOptions>();
        var local = services.AddOptions<LocalProviderOptions>();
        var reclaim = services.AddOptions<ReclaimOptions>();
        if (configuration is not null)
        {
            autoscaler.Bind(configuration.GetSection(AutoscalerOptions.SectionName));
            autoscaler.Configure(options =>
            {
                options.FarmDatabase ??= configuration["Cluster:Database"];
                options.NodeSettings = NodeSettingsOf(configuration.GetSection($"{AutoscalerOptions.SectionName}:{nameof(AutoscalerOptions.NodeSettings)}"));
            });
            local.Bind(configuration.GetSection(LocalProviderOptions.SectionName));
            reclaim.Bind(configuration.GetSection(ReclaimOptions.SectionName));
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AutoscalerOptions>, AutoscalerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalProviderOptions>, LocalProviderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReclaimOptions>, ReclaimOptionsValidator>());
        autoscaler.ValidateOnStart();
        reclaim.ValidateOnStart();
        local.ValidateOnStart();
        if (configuration?.GetSection(LocalProviderOptions.SectionName).GetValue<bool>(nameof(LocalProviderOptions.Enabled)) == true)
            services.AddSingleton<IMachineProvider, LocalMachineProvider>();
        if (configuration?.GetSection(Ec2ProviderOptions.SectionName) is { } aws && aws.Exists())
            services.AddCloudProvider<Ec2ProviderOptions, Ec2ProviderOptionsValidator>(aws, provider => ActivatorUtilities.CreateInstance<Ec2MachineProvider>(provider));
        if (configuration?.GetSection(AzureProviderOptions.SectionName) is { } azure && azure.Exists())
            services.AddCloudProvider<AzureProviderOptions, AzureProviderOptionsValidator>(azure, provider => new AzureMachineProvider(
                provider.GetRequiredService<IOptions<AzureProviderOptions>>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger<AzureMachineProvider>()));
        if (configuration?.GetSection(GceProviderOptions.SectionName) is { } gcp && gcp.Exists())
            services.AddCloudProvider<GceProviderOptions, GceProviderOptionsValidator>(gcp, provider => new GceMachineProvider(
                provider.GetRequiredService<IOptions<GceProviderOptions>>(), new HttpClient(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AutoscalerSchedule>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ReclaimWatcher>();
        return services;
    }

    /// <summary>A cloud's provider, there because its section is configured, its options checked when the silo starts.</summary>
    private static void AddCloudProvider<TOptions, TValidator>(this IServiceCollection services, IConfigurationSection section, Func<IServiceProvider, IMachineProvider> create)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.AddSingleton(create);
    }

    /// <summary>
    /// The section as environment names: <c>NodeSettings:MediaStore:Kind</c> (JSON nesting, or
    /// <c>Autoscaler__NodeSettings__MediaStore__Kind</c> from the environment) is <c>MediaStore__Kind</c>.
    /// </summary>
    private static Dictionary<string, string> NodeSettingsOf(IConfigurationSection section) =>
        section.AsEnumerable(makePathsRelative: true)
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value!, StringComparer.Ordinal);
}
