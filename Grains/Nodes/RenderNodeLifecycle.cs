using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Costs;
using RenderFarm.Scheduling;
using RenderFarm.Storage.Cache;
using RenderFarm.Telemetry;

namespace RenderFarm.Nodes;

/// <summary>
/// Makes this silo a render node: registers it once the silo is active, reports its load and what its
/// cache holds, tells the scheduler about silos that membership declares dead, and takes the node out
/// before the silo stops.
/// </summary>
public sealed class RenderNodeLifecycle(
    IGrainFactory grains,
    LocalRenderNode node,
    RenderWorker worker,
    NodeCapabilityProbe probe,
    LocalNodeStatus status,
    MachineRunReporter uptime,
    AssetCache cache,
    RenderFarmMetrics metrics,
    IClusterMembershipService membership,
    IOptions<RenderNodeOptions> options,
    TimeProvider clock,
    ILogger<RenderNodeLifecycle> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The cache's list is sent again this often even unchanged: a scheduler that moved or restarted has lost it.</summary>
    private static readonly TimeSpan HeldResendPeriod = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource stopping = new();
    // A reader of its own: the CPU share it gives covers exactly one report period, whatever the gauges read meanwhile.
    private readonly MachineUsage machine = new();
    private readonly List<Task> loops = [];
    private long heldVersionSent = -1;
    private DateTimeOffset heldSentAt;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RenderNodeLifecycle), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        options.Value.Validate();
        var capabilities = await probe.ProbeAsync(options.Value, cancellationToken);
        var info = new NodeInfo(node.NodeId, node.Silo, capabilities, node.Pool);
        await grains.GetGrain<IRenderNodeGrain>(node.NodeId).RegisterAsync(info);
        status.Registered(capabilities);
        await uptime.ReportAsync();
        await ReportHeldAsync();
        metrics.NodeStarted(node.Pool, node.NodeId);
        logger.LogInformation("Render node {Node} registered: {Cores} cores, {Slots} slot(s) of {Threads} thread(s), {Fps} fps benchmark, GPU {Gpu}",
            node.NodeId, capabilities.Cores, capabilities.RenderSlots, capabilities.ThreadsPerSlot, capabilities.BenchmarkFps, capabilities.Gpu ?? "none");
        loops.Add(ReportLoadAsync(stopping.Token));
        loops.Add(WatchMembershipAsync(stopping.Token));
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        status.Draining();
        await stopping.CancelAsync();
        await uptime.ReportAsync();
        worker.CancelAll();
        try
        {
            await grains.GetGrain<IRenderNodeGrain>(node.NodeId).DrainAsync().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not take node {Node} out of the scheduler while stopping", node.NodeId);
        }
        await Task.WhenAll(loops).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ReportLoadAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.LoadReportPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await grains.GetGrain<IRenderNodeGrain>(node.NodeId).ReportLoadAsync(WithMachineUsage(worker.Load));
                status.Reported();
                await uptime.ReportAsync();
                await ReportHeldAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    private async Task ReportHeldAsync()
    {
        var version = cache.HeldVersion;
        if (version == heldVersionSent && clock.GetUtcNow() - heldSentAt < HeldResendPeriod)
            return;
        await grains.GetGrain<ISchedulerGrain>(node.Pool).NodeHoldsAsync(node.NodeId, cache.Held);
        (heldVersionSent, heldSentAt) = (version, clock.GetUtcNow());
    }

    private NodeLoad WithMachineUsage(NodeLoad load)
    {
        var memory = machine.Memory();
        return load with { CpuShare = machine.CpuShare(), MemoryUsedBytes = memory?.Used, MemoryTotalBytes = memory?.Total };
    }

    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        var reported = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                foreach (var dead in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress))
                {
                    if (!reported.Add(dead))
                        continue;
                    logger.LogWarning("Membership declared silo {Silo} dead at {Time:O}", dead, DateTimeOffset.UtcNow);
                    await grains.GetGrain<ISchedulerGrain>(node.Pool).SiloDownAsync(dead);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
