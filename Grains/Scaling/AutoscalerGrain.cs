using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RenderFarm.Costs;
using RenderFarm.Nodes;

namespace RenderFarm.Scaling;

/// <summary>
/// A pool's autoscaler. Each evaluation reads the pool (its scheduler's queue and slots, its nodes'
/// registrations and load), brings its machines up to date with their nodes and their providers,
/// asks <see cref="ScalingPolicy"/> how many and <see cref="OfferChooser"/> of which offers, and does it:
/// launches through the providers (an offer refused is backed off and the next best one tried), drains
/// idle nodes and terminates their machines.
/// A timer evaluates while it is active, a reminder brings it back. It lives only on silos that scale
/// its pool (<see cref="ScalingSilosOnlyAttribute"/>).
/// </summary>
[ScalingSilosOnly]
public sealed partial class AutoscalerGrain(
    [PersistentState("autoscaler", RenderFarmNames.Storage)] IPersistentState<AutoscalerRecord> record,
    IEnumerable<IMachineProvider> providers,
    PriceBook prices,
    IOptions<AutoscalerOptions> options,
    IOptions<ClusterOptions> cluster,
    ILocalSiloDetails silo,
    TimeProvider clock,
    ILogger<AutoscalerGrain> logger) : Grain, IAutoscalerGrain, IRemindable
{
    private const string ReminderName = "autoscaler";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly AutoscalerOptions settings = options.Value;
    private readonly Dictionary<string, DateTimeOffset> idleSince = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset At, double Share)> cpu = new();
    private IGrainTimer? timer;
    private bool scheduled;

    private string Pool => this.GetPrimaryKeyString();
    private bool Enabled => settings.Enabled && settings.Pools.Contains(Pool, StringComparer.Ordinal);
    private string Farm => settings.Farm ?? cluster.Value.ClusterId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
            timer = this.RegisterGrainTimer(EvaluateAsync, new GrainTimerCreationOptions(settings.EvaluatePeriod, settings.EvaluatePeriod));
        return Task.CompletedTask;
    }

    /// <summary>Called by every silo now and then: cheap once this activation has its reminder.</summary>
    async Task IAutoscalerGrain.EnsureRunningAsync()
    {
        if (!Enabled)
        {
            // Placed here before this silo knew which silos scale the pool: the next call is placed again.
            DeactivateOnIdle();
            return;
        }
        if (scheduled)
            return;
        await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
        scheduled = true;
        await EvaluateAsync();
    }

    async Task<AutoscalerStatus> IAutoscalerGrain.ScaleAsync(int target)
    {
        EnsureEnabled();
        if (target < 0 || target > settings.MaxNodes)
            throw new ArgumentOutOfRangeException(nameof(target), target, $"target: must be from 0 to the pool's maximum of {settings.MaxNodes} nodes (Autoscaler:MaxNodes)");
        record.State.ManualTarget = target;
        logger.LogInformation("Pool {Pool}: the operator set a target of {Target} node(s)", Pool, target);
        await EvaluateAsync();
        return Status();
    }

    async Task<AutoscalerStatus> IAutoscalerGrain.ClearTargetAsync()
    {
        EnsureEnabled();
        record.State.ManualTarget = null;
        await EvaluateAsync();
        return Status();
    }

    async Task<AutoscalerStatus> IAutoscalerGrain.EvaluateAsync()
    {
        EnsureEnabled();
        await EvaluateAsync();
        return Status();
    }

    Task<AutoscalerStatus> IAutoscalerGrain.GetStatusAsync() => Task.FromResult(Status());

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being activated restarts the timer. Where the pool is not scaled the reminder stays, since another
        // silo may scale it: the activation goes, and the next tick is placed again.
        if (!Enabled)
            DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void EnsureEnabled()
    {
        if (!Enabled)
            throw new InvalidOperationException($"pool {Pool} has no autoscaler: set Autoscaler:Enabled and list the pool in Autoscaler:Pools");
    }

    private async Task EvaluateAsync()
    {
        if (!Enabled)
            return;
        var now = clock.GetUtcNow();
        var pool = await PoolReading.ReadAsync(GrainFactory, Pool);
        await ReconcileAsync(pool, now);
        var inputs = Inputs(pool, now);
        // Counted as the dearest and smallest machines the work could be given, so no limit is passed whichever are bought.
        var likely = OfferChooser.Choose(Offers(now), pool.Jobs, settings.MaxNodes, ChoiceSettings.From(settings), now).Picks;
        var slots = likely.Count > 0 ? likely.Min(p => p.Terms.Slots) : settings.SlotsPerMachine ?? 1;
        var price = likely.Count > 0 ? likely.Max(p => p.Terms.Offer.HourlyPrice) : 0;
        var plan = ScalingPolicy.Decide(inputs, settings, slots, price, prices.ClusterMaxCostPerHour);
        Decided(plan.Decisions);
        if (plan.Launch > 0)
            await LaunchAsync(plan.Launch, pool.Jobs, now);
        foreach (var node in plan.Drain)
            await DrainAsync(node, now);
        record.State.ForgetOldEnded();
        await record.WriteStateAsync();
    }

    private ScalingInputs Inputs(PoolReading pool, DateTimeOffset now)
    {
        var launched = record.State.Machines;
        var ready = pool.Nodes.Where(n => n.State == NodeState.Ready).ToList();
        foreach (var node in ready)
        {
            var busy = pool.Busy(node.Info.NodeId);
            if (busy)
                idleSince.Remove(node.Info.NodeId);
            else
                idleSince.TryAdd(node.Info.NodeId, now);
        }
        var views = ready.Select(n => new NodeView(
            n.Info.NodeId,
            n.Info.Capabilities.RenderSlots,
            pool.Busy(n.Info.NodeId),
            idleSince.TryGetValue(n.Info.NodeId, out var since) ? since : null,
            launched.TryGetValue(n.Info.NodeId, out var machine) && machine.State == MachineState.Ready)).ToList();
        record.State.RecentLaunches.RemoveAll(at => now - at >= TimeSpan.FromMinutes(1));
        return new ScalingInputs(
            now,
            pool.Scheduler.Queued,
            pool.Scheduler.Nodes.Sum(n => n.Running),
            views,
            launched.Values.Count(m => m.State == MachineState.Launching),
            record.State.RecentLaunches,
            CostPerHour(),
            MeanCpu(ready, now),
            record.State.ManualTarget,
            record.State.LastLaunchAt,
            record.State.LastDrainAt,
            launched.Values.Count(m => m.State is MachineState.Draining or MachineState.Terminating),
            WarmPool.NodesAt(settings.WarmPool, now));
    }

    /// <summary>The mean over the window of the ready nodes' mean CPU share, once the readings cover all of it.</summary>
    private double? MeanCpu(IReadOnlyList<NodeStatus> ready, DateTimeOffset now)
    {
        var shares = ready.Select(n => n.Load.CpuShare).OfType<double>().ToList();
        if (shares.Count > 0)
            cpu.Enqueue((now, shares.Average()));
        while (cpu.Count > 0 && now - cpu.Peek().At > settings.CpuWindow)
            cpu.Dequeue();
        return cpu.Count > 0 && now - cpu.Peek().At >= settings.CpuWindow - settings.EvaluatePeriod ? cpu.Average(c => c.Share) : null;
    }

    private decimal CostPerHour() =>
        record.State.Machines.Values.Where(m => m.State != MachineState.Terminated).Sum(m => m.HourlyPrice);

    /// <summary>The offers not waiting out a refusal, with the slots and the reclaim rate the choice weighs them by.</summary>
    private List<OfferTerms> Offers(DateTimeOffset now) =>
        settings.Offers
            .Where(key => !record.State.Backoffs.TryGetValue(key, out var backoff) || backoff.Until <= now)
            .Select(key => prices.Catalogue.Find(key))
            .OfType<InstancePrice>()
            .Select(offer => new OfferTerms(offer, SlotsPerMachine(offer), settings.ReclaimsPerHourOf(offer)))
            .ToList();

    private void Decided(IReadOnlyList<ScalingDecision> decisions)
    {
        record.State.Decided(decisions);
        foreach (var decision in decisions)
            logger.LogInformation("Pool {Pool}: {Action} {Machines}: {Reason}", Pool, decision.Action, decision.Machines, decision.Reason);
    }

    private int SlotsPerMachine(InstancePrice offer) =>
        settings.SlotsPerMachine ?? (offer.Cores > 0 ? RenderSlotRule.ForCores(offer.Cores).Slots : 1);

    private AutoscalerStatus Status() => new()
    {
        Pool = Pool,
        Enabled = Enabled,
        ManualTarget = record.State.ManualTarget,
        MinNodes = settings.MinNodes,
        MaxNodes = settings.MaxNodes,
        Machines = record.State.Machines.Values.OrderBy(m => m.LaunchedAt).ToList(),
        Backoffs = record.State.Backoffs.Values.Where(b => b.Until > clock.GetUtcNow()).ToList(),
        Decisions = record.State.Decisions.ToList(),
        CostPerHour = CostPerHour(),
        Silo = silo.SiloAddress,
    };
}
