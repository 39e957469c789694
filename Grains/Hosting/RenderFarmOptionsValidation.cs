using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Sandbox;
using RenderFarm.Scheduling;
using RenderFarm.Storage;
using RenderFarm.Storage.Retention;
using RenderFarm.Timelines;

namespace RenderFarm.Hosting;

/// <summary>
/// Every options class of a render silo checked when the host starts: a node that could not render
/// (no ffmpeg, no font, no slots, a user's weight of 0) refuses to start and says why, instead of failing chunks later.
/// </summary>
internal static class RenderFarmOptionsValidation
{
    public static IServiceCollection ValidateRenderFarmOptionsOnStart(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RenderNodeOptions>, RenderNodeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaStoreOptions>, MediaStoreOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RenderEngineOptions>, RenderEngineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FailoverOptions>, FailoverOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CostOptions>, CostOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkLimits>, WorkLimitsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.AddOptions<RenderNodeOptions>().ValidateOnStart();
        services.AddOptions<MediaStoreOptions>().ValidateOnStart();
        services.AddOptions<RenderEngineOptions>().ValidateOnStart();
        services.AddOptions<FailoverOptions>().ValidateOnStart();
        services.AddOptions<CostOptions>().ValidateOnStart();
        services.AddOptions<SchedulingOptions>().ValidateOnStart();
        services.AddOptions<RetentionOptions>().ValidateOnStart();
        services.AddOptions<WorkLimits>().ValidateOnStart();
        services.AddOptions<SandboxOptions>().ValidateOnStart();
        return services;
    }
}
