using RenderFarm.Scaling;

namespace RenderFarm.Benchmarks;

/// <summary>What the simulated day's farm is run with: the autoscaler's options, the renderer's speed, the reclaims' rate and notice.</summary>
internal sealed record DaySimulationSettings(AutoscalerOptions Autoscaler, double SecondsPerFrame, double ReclaimsPerHour, TimeSpan ReclaimNotice, int Seed);

/// <summary>What a simulated day cost and delivered.</summary>
internal sealed record DayResult(
    decimal Cost,
    int Jobs,
    int DeadlineMisses,
    TimeSpan WorstLateness,
    double NodeHours,
    double SpotNodeHours,
    double IdleShare,
    double BootShare,
    int Reclaims,
    double LostSlotHours,
    int Launches,
    TimeSpan LastJobEnd);

/// <summary>
/// A day of the pool on a virtual clock, event by event (no real waiting): jobs arrive, simulated
/// nodes boot and render chunks at a fixed time per frame, spot machines are reclaimed as a Poisson
/// process (a notice first, during which the node takes no new work; at the reclaim what runs on it is
/// lost and queued again), machines are billed per second with the catalogue's minimum. Every
/// evaluation period the real <see cref="ScalingPolicy"/> decides how many machines and the real
/// <see cref="OfferChooser"/> of which offers, from what the autoscaler would read of the pool; the
/// queue is dispatched earliest deadline first, as the scheduler orders work of one priority class.
/// </summary>
internal sealed partial class DaySimulation
{
    private readonly PriorityQueue<Action, (DateTimeOffset At, long Sequence)> events = new();
    private readonly List<JobRun> jobs;
    private readonly List<NodeRun> nodes = [];
    private readonly IReadOnlyList<OfferTerms> offers;
    private readonly DaySimulationSettings settings;
    private readonly AutoscalerOptions options;
    private readonly Random reclaims;
    private readonly List<DateTimeOffset> recentLaunches = [];
    private DateTimeOffset now;
    private DateTimeOffset? lastLaunch;
    private DateTimeOffset? lastDrain;
    private long sequence;
    private int reclaimed;

    private DaySimulation(IReadOnlyList<SimulatedJob> workload, IReadOnlyList<OfferTerms> offers, DaySimulationSettings settings, DateTimeOffset start)
    {
        jobs = workload.Select(j => new JobRun(j)).ToList();
        this.offers = offers;
        this.settings = settings;
        options = settings.Autoscaler;
        reclaims = new Random(settings.Seed);
        now = start;
    }

    public static DayResult Run(IReadOnlyList<SimulatedJob> workload, IReadOnlyList<OfferTerms> offers, DaySimulationSettings settings, DateTimeOffset start)
    {
        var simulation = new DaySimulation(workload, offers, settings, start);
        simulation.RunToEnd();
        return simulation.Result();
    }

    private void RunToEnd()
    {
        foreach (var job in jobs)
            At(job.Spec.ArrivesAt, () => job.Arrived = true);
        At(now, Evaluate);
        while (events.TryDequeue(out var happen, out var when))
        {
            now = when.At;
            happen();
            Dispatch();
        }
    }

    private void At(DateTimeOffset when, Action happen) => events.Enqueue(happen, (when, sequence++));

    private bool Finished => jobs.All(j => j.FinishedAt is not null) && nodes.All(n => n.State == NodeRunState.Gone);

    private void Evaluate()
    {
        foreach (var node in nodes.Where(n => n.State == NodeRunState.Draining && !n.Busy))
            End(node);
        var outlook = Outlook();
        var choose = ChoiceSettings.From(options);
        var likely = OfferChooser.Choose(offers, outlook, options.MaxNodes, choose, now).Picks;
        var plan = ScalingPolicy.Decide(Inputs(), options, likely.Min(p => p.Terms.Slots), likely.Max(p => p.Terms.Offer.HourlyPrice), maxCostPerHour: null);
        if (plan.Launch > 0)
        {
            foreach (var pick in OfferChooser.Choose(offers, outlook, plan.Launch, choose, now).Picks)
            {
                for (var i = 0; i < pick.Machines; i++)
                    Launch(pick.Terms);
            }
        }
        foreach (var id in plan.Drain)
        {
            End(nodes.Single(n => n.Id == id));
            lastDrain = now;
        }
        if (!Finished)
            At(now + options.EvaluatePeriod, Evaluate);
    }

    /// <summary>What the autoscaler reads of the pool: the queue, the ready nodes, those booting and draining, the cost per hour.</summary>
    private ScalingInputs Inputs()
    {
        recentLaunches.RemoveAll(at => now - at >= TimeSpan.FromMinutes(1));
        var ready = nodes.Where(n => n.State == NodeRunState.Ready)
            .Select(n => new NodeView(n.Id, n.Terms.Slots, n.Busy, n.Busy ? null : n.IdleSince, Launched: true))
            .ToList();
        return new ScalingInputs(
            now,
            jobs.Where(j => j.Arrived).Sum(j => j.Pending.Count),
            nodes.Sum(n => n.Running),
            ready,
            nodes.Count(n => n.State == NodeRunState.Booting),
            [.. recentLaunches],
            nodes.Where(n => n.State != NodeRunState.Gone).Sum(n => n.Terms.Offer.HourlyPrice),
            MeanCpuShare: null,
            ManualTarget: null,
            lastLaunch,
            lastDrain,
            nodes.Count(n => n.State == NodeRunState.Draining),
            WarmPool.NodesAt(options.WarmPool, now));
    }

    /// <summary>Each job with queued chunks as PoolReading gives it: its estimate's time for the frames not done, its pieces, its deadline.</summary>
    private List<JobOutlook> Outlook() =>
        jobs.Where(j => j.Arrived && j.Pending.Count > 0)
            .Select(j => new JobOutlook(
                new Guid(j.Spec.Id, 0, 0, new byte[8]),
                TimeSpan.FromSeconds(j.FramesLeft * j.Spec.EstimatedSecondsPerFrame),
                j.Pending.Count + j.Running,
                j.Pending.Count,
                j.Spec.Deadline,
                CostLeft: null))
            .ToList();
}
