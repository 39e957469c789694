using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Access;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Media;
using Orleans.Serialization;
using Orleans.Storage;
using RenderFarm.Nodes;
using RenderFarm.Notifications;
using RenderFarm.Telemetry;
using RenderFarm.Rendering;
using RenderFarm.Sandbox;
using RenderFarm.Scaling;
using RenderFarm.Scheduling;
using RenderFarm.Storage;
using RenderFarm.Storage.Cache;
using RenderFarm.Storage.Retention;
using RenderFarm.Timelines;

namespace RenderFarm.Hosting;

public static class RenderFarmSiloExtensions
{
    /// <summary>
    /// Makes a silo a render node of the farm: grains, the render worker and its executor, the media
    /// store, chunk placement and the progress streams. Clustering and storage are chosen apart from
    /// this (see <see cref="UseInProcessStorage"/>), because they differ between embedded, test and farm.
    /// </summary>
    public static ISiloBuilder AddRenderFarm(this ISiloBuilder silo, IConfiguration? configuration = null)
    {
        var services = silo.Services;
        silo.AddAutoscalerPlacement(configuration);
        var node = services.AddOptions<RenderNodeOptions>();
        var store = services.AddOptions<MediaStoreOptions>();
        var engine = services.AddOptions<RenderEngineOptions>();
        var failover = services.AddOptions<FailoverOptions>();
        var costs = services.AddOptions<CostOptions>();
        var scheduling = services.AddOptions<SchedulingOptions>();
        var retention = services.AddOptions<RetentionOptions>();
        var limits = services.AddOptions<WorkLimits>();
        var sandbox = services.AddOptions<SandboxOptions>();
        services.ValidateRenderFarmOptionsOnStart();
        silo.AddRenderFarmAccess(configuration);
        silo.AddIncomingGrainCallFilter<WorkLogScopes>();
        if (configuration is not null)
        {
            failover.Bind(configuration.GetSection(FailoverOptions.SectionName));
            scheduling.Bind(configuration.GetSection(SchedulingOptions.SectionName));
            node.Bind(configuration.GetSection(RenderNodeOptions.SectionName));
            store.Bind(configuration.GetSection(MediaStoreOptions.SectionName));
            engine.Bind(configuration.GetSection(RenderEngineOptions.SectionName));
            costs.Bind(configuration.GetSection(CostOptions.SectionName));
            retention.Bind(configuration.GetSection(RetentionOptions.SectionName));
            limits.Bind(configuration.GetSection(WorkLimits.SectionName));
            sandbox.Bind(configuration.GetSection(SandboxOptions.SectionName));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new FfmpegRunner(
            provider.GetRequiredService<ILogger<FfmpegRunner>>(),
            provider.GetRequiredService<IOptions<RenderEngineOptions>>().Value.FfmpegFolder,
            provider.GetRequiredService<IOptions<SandboxOptions>>().Value is { Enabled: true } sandboxed ? sandboxed : null));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ProbeSandboxLifecycle>();
        services.TryAddSingleton<IMediaStore, MediaStore>();
        services.TryAddSingleton(provider => new AssetCache(
            provider.GetRequiredService<IMediaStore>(),
            provider.GetRequiredService<IOptions<MediaStoreOptions>>().Value.Cache,
            provider.GetRequiredService<IOptions<RenderNodeOptions>>().Value.WorkDirectory,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<AssetCache>>(),
            damaged: sha256 => provider.GetRequiredService<IGrainFactory>().GetGrain<IAssetUsageGrain>(sha256).CheckDamagedAsync()));
        services.TryAddSingleton<IRenderExecutor, FfmpegRenderExecutor>();
        services.TryAddSingleton<RenderWorker>();
        services.TryAddSingleton<AttemptLogs>();
        services.TryAddSingleton<LocalRenderNode>();
        services.TryAddSingleton<PriceBook>();
        services.TryAddSingleton<MachineRunReporter>();
        services.AddMetrics();
        services.TryAddSingleton<RenderFarmMetrics>();
        services.TryAddSingleton<SchedulerGauges>();
        services.TryAddSingleton<JobCapGauges>();
        services.TryAddSingleton<MachineUsage>();
        services.TryAddSingleton<LocalNodeStatus>();
        services.TryAddSingleton<NodeGauges>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<NodeGauges>());
        services.TryAddSingleton<NodeCapabilityProbe>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RenderNodeLifecycle>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RetentionSchedule>();
        services.AddClusterJobIndex();
        services.AddRenderFarmAutoscaling(configuration);
        services.AddRenderFarmNotifications(configuration);

        silo.AddPlacementDirector<RenderSlotPlacement, RenderSlotPlacementDirector>();
        silo.AddPlacementDirector<SiloKeyPlacement, SiloKeyPlacementDirector>();
        silo.AddMemoryStreams(RenderFarmNames.Streams);
        return silo;
    }

    /// <summary>Grain state (and stream subscriptions) and the job index in memory shared by every silo of this process; reminders in memory.</summary>
    public static ISiloBuilder UseInProcessStorage(this ISiloBuilder silo, InProcessStateStore store)
    {
        silo.UseInMemoryReminderService();
        silo.Services.UseInProcessJobIndex(store.JobIndex);
        foreach (var name in new[] { RenderFarmNames.Storage, RenderFarmNames.PubSubStore })
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
                new InProcessGrainStorage(name, store, services.GetRequiredService<Serializer>()));
        }
        return silo;
    }
}
