using Microsoft.Extensions.Logging;
using RenderFarm.Costs;
using RenderFarm.Nodes;

namespace RenderFarm.Scaling;

/// <summary>The autoscaler's half that keeps its machines true to their nodes and providers, and launches, drains and terminates them.</summary>
public sealed partial class AutoscalerGrain
{
    /// <summary>A provider may not list a machine it has just accepted; only after this is a machine missing from its list taken as gone.</summary>
    private static readonly TimeSpan ListingLag = TimeSpan.FromSeconds(60);

    private IMachineProvider ProviderOf(string name) =>
        providers.FirstOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"no machine provider {name} is configured");

    private async Task ReconcileAsync(PoolReading pool, DateTimeOffset now)
    {
        var machines = record.State.Machines;
        foreach (var machine in machines.Values.Where(m => m.State != MachineState.Terminated).ToList())
        {
            var node = pool.Node(machine.NodeId);
            var current = machine with { ChunksRendered = node?.Load.ChunksRendered ?? machine.ChunksRendered };
            if (machine.State == MachineState.Launching && node?.State == NodeState.Ready)
                current = current with { State = MachineState.Ready, Since = now, JoinedAt = now };
            else if (machine.State == MachineState.Ready && node?.State == NodeState.Draining)
                current = current with { State = MachineState.Draining, Since = now, Reason = "its node drains itself: a reclaim notice from its provider, or its silo stopping" };
            machines[machine.NodeId] = current;
            if (current.State == MachineState.Launching && now - current.LaunchedAt > settings.JoinTimeout)
            {
                // A machine that boots no silo says little for the next of its kind: its offer waits, the next one is tried.
                await TerminateAsync(current, $"its silo did not join within {settings.JoinTimeout}", now);
                BackOff(current.Instance, ProviderErrorReason.Unavailable, $"a machine of it did not join within {settings.JoinTimeout}", 1, now);
            }
            else if (current.State == MachineState.Draining && !pool.Busy(current.NodeId))
                await TerminateAsync(current, current.Reason, now);
            else if (current.State == MachineState.Ready && node?.State is null or NodeState.Dead)
                await TerminateAsync(current, "its silo is gone: the machine would bill and never render", now);
        }
        await ReconcileWithProvidersAsync(now);
    }

    /// <summary>
    /// Machines the providers no longer have are gone (reclaimed, or stopped outside the farm); machines
    /// they have that this pool's record lacks (a launch whose answer was lost with its silo) are taken in,
    /// so that none is launched twice or left running unseen.
    /// </summary>
    private async Task ReconcileWithProvidersAsync(DateTimeOffset now)
    {
        var machines = record.State.Machines;
        foreach (var provider in providers.Where(p => machines.Values.Any(m => m.Provider == p.Name) || settings.Offers.Any(o => o.StartsWith(p.Name + "/", StringComparison.Ordinal))))
        {
            IReadOnlyList<ProviderMachine> listed;
            try
            {
                listed = await provider.ListAsync(Farm, CancellationToken.None);
            }
            catch (ProviderException e)
            {
                logger.LogWarning("Pool {Pool}: the machines of {Provider} could not be listed: {Error}", Pool, provider.Name, e.Message);
                continue;
            }
            var byNode = listed.Where(m => m.State != ProviderMachineState.Gone).ToDictionary(m => m.NodeId, StringComparer.Ordinal);
            foreach (var machine in machines.Values.Where(m => m.Provider == provider.Name && m.State != MachineState.Terminated).ToList())
            {
                if (byNode.TryGetValue(machine.NodeId, out var seen))
                {
                    if (machine.MachineId.Length == 0)
                        machines[machine.NodeId] = machine with { MachineId = seen.MachineId };
                }
                // A machine its provider took a termination for is gone once unlisted; one launched moments
                // ago may not be listed yet.
                else if (machine is { State: MachineState.Terminating, MachineId.Length: > 0 } || now - machine.LaunchedAt > ListingLag)
                {
                    machines[machine.NodeId] = machine with
                    {
                        State = MachineState.Terminated,
                        Since = now,
                        Reason = machine.State == MachineState.Terminating ? machine.Reason : "gone: reclaimed by its provider or stopped outside the farm",
                    };
                    logger.LogWarning("Pool {Pool}: machine {Machine} of node {Node} is gone from {Provider}", Pool, machine.MachineId, machine.NodeId, provider.Name);
                }
            }
            foreach (var stray in byNode.Values.Where(m => !machines.ContainsKey(m.NodeId) && m.NodeId.StartsWith(NodePrefix(provider.Name), StringComparison.Ordinal)))
            {
                var price = prices.Catalogue.Find(stray.Instance);
                machines[stray.NodeId] = new MachineStatus
                {
                    NodeId = stray.NodeId,
                    MachineId = stray.MachineId,
                    Provider = provider.Name,
                    Instance = stray.Instance,
                    State = MachineState.Launching,
                    Since = now,
                    LaunchedAt = stray.LaunchedAt ?? now,
                    HourlyPrice = price?.HourlyPrice ?? 0,
                    Currency = price?.Currency ?? "USD",
                    Reason = "found running at its provider, not in this pool's record",
                };
                logger.LogWarning("Pool {Pool}: machine {Machine} of node {Node} found at {Provider} and taken in", Pool, stray.MachineId, stray.NodeId, provider.Name);
            }
        }
    }

    private string NodePrefix(string provider) => $"{Pool}-{provider}-";

    /// <summary>
    /// Launches the machines of the chooser's mix, each pick's reason in the decisions; an offer refused
    /// is backed off, and the machines left are chosen again among the offers still open.
    /// </summary>
    private async Task LaunchAsync(int count, IReadOnlyList<JobOutlook> jobs, DateTimeOffset now)
    {
        var left = count;
        var chooseAgain = true;
        while (left > 0 && chooseAgain && OfferChooser.Choose(Offers(now), jobs, left, ChoiceSettings.From(settings), now).Picks is { Count: > 0 } picks)
        {
            chooseAgain = false;
            foreach (var pick in picks)
            {
                Decided([new ScalingDecision(now, ScalingAction.Choose, pick.Machines, pick.Reason)]);
                var launched = await LaunchPickAsync(pick, now);
                left -= launched;
                if (launched < pick.Machines)
                {
                    chooseAgain = true;
                    break;
                }
            }
        }
        if (left > 0)
            record.State.Decided([new ScalingDecision(now, ScalingAction.Held, left, "every offer is waiting out a refusal: " + string.Join("; ", record.State.Backoffs.Values.Select(b => $"{b.Instance} until {b.Until:HH:mm:ss}")))]);
    }

    /// <summary>The pick's machines one by one, until its provider refuses one: the offer is then backed off. The machines launched.</summary>
    private async Task<int> LaunchPickAsync(OfferPick pick, DateTimeOffset now)
    {
        var offer = pick.Terms.Offer;
        var launched = 0;
        try
        {
            for (; launched < pick.Machines; launched++)
                await LaunchOneAsync(offer, now);
            record.State.Refusals.Remove(offer.Key);
        }
        catch (ProviderException e)
        {
            BackOff(offer.Key, e.Reason, $"refused ({e.Reason}{(e.Code is null ? "" : ", " + e.Code)}): {e.Message}", pick.Machines - launched, now);
        }
        return launched;
    }

    /// <summary>The offer is not tried again for a while, longer each time in a row; the next one takes over.</summary>
    private void BackOff(string offer, ProviderErrorReason reason, string why, int machines, DateTimeOffset now)
    {
        var refusals = record.State.Refusals[offer] = record.State.Refusals.GetValueOrDefault(offer) + 1;
        var wait = OfferBackoffRule.For(reason, refusals);
        record.State.Backoffs[offer] = new OfferBackoff(offer, now + wait, why);
        record.State.Decided([new ScalingDecision(now, ScalingAction.FallBack, machines, $"{offer} {why}; not tried again for {wait}")]);
        logger.LogWarning("Pool {Pool}: {Offer} {Why}; backed off for {Wait}", Pool, offer, why, wait);
    }

    /// <summary>The machine is in the record, as launching, before the provider is asked: a silo dying in between leaves a trace the provider's list completes.</summary>
    private async Task LaunchOneAsync(InstancePrice offer, DateTimeOffset now)
    {
        var provider = ProviderOf(offer.Provider);
        var nodeId = NodePrefix(provider.Name) + Guid.NewGuid().ToString("N")[..10];
        var machine = new MachineStatus
        {
            NodeId = nodeId,
            Provider = provider.Name,
            Instance = offer.Key,
            State = MachineState.Launching,
            Since = now,
            LaunchedAt = now,
            HourlyPrice = offer.HourlyPrice,
            Currency = offer.Currency,
        };
        record.State.Machines[nodeId] = machine;
        await record.WriteStateAsync();
        try
        {
            var launched = await provider.LaunchAsync(new MachineLaunch(nodeId, offer, Boot(nodeId, offer), MachineTags.For(Farm, Pool, nodeId, offer.Key)), CancellationToken.None);
            record.State.Machines[nodeId] = machine with { MachineId = launched.MachineId };
        }
        catch (ProviderException)
        {
            record.State.Machines.Remove(nodeId);
            throw;
        }
        record.State.RecentLaunches.Add(now);
        record.State.LastLaunchAt = now;
        logger.LogInformation("Pool {Pool}: launched {Machine} ({Offer}) as node {Node}", Pool, record.State.Machines[nodeId].MachineId, offer.Key, nodeId);
    }

    /// <summary>A node setting naming the file the launched machine reads its database connection from (<c>Cluster__Database_FILE</c>).</summary>
    public const string DatabaseFileSetting = "Cluster__Database_FILE";

    private BootSettings Boot(string nodeId, InstancePrice offer)
    {
        var environment = new Dictionary<string, string>(settings.NodeSettings, StringComparer.Ordinal)
        {
            ["Cluster__ClusterId"] = cluster.Value.ClusterId,
            ["Cluster__ServiceId"] = cluster.Value.ServiceId,
            ["RenderNode__Pool"] = Pool,
            ["RenderNode__NodeId"] = nodeId,
            ["Costs__Instance"] = offer.Key,
        };
        // A database the machine finds as a file (its image or its provider's secret store puts it there) is
        // referenced, not written into the user data, which anyone on the machine can read from its metadata service.
        if (!environment.ContainsKey(DatabaseFileSetting))
            environment["Cluster__Database"] = settings.FarmDatabase!;
        // A spot machine watches for its provider's notice, and drains on it.
        if (offer.Pricing == PricingModel.Spot)
            environment.TryAdd("RenderNode__Reclaim__Provider", offer.Provider);
        return new BootSettings(environment, settings.PackageUrl);
    }

    /// <summary>The node takes no new work; its machine is terminated once nothing runs on it (it is idle now, so at the next evaluation at the latest).</summary>
    private async Task DrainAsync(string nodeId, DateTimeOffset now)
    {
        if (!record.State.Machines.TryGetValue(nodeId, out var machine))
            return;
        await GrainFactory.GetGrain<IRenderNodeGrain>(nodeId).DrainAsync();
        record.State.Machines[nodeId] = machine with { State = MachineState.Draining, Since = now, Reason = "drained: idle with nothing queued" };
        record.State.LastDrainAt = now;
        idleSince.Remove(nodeId);
    }

    private async Task TerminateAsync(MachineStatus machine, string? reason, DateTimeOffset now)
    {
        try
        {
            if (machine.MachineId.Length > 0)
                await ProviderOf(machine.Provider).TerminateAsync(machine.MachineId, CancellationToken.None);
        }
        catch (ProviderException e)
        {
            // Tried again at the next evaluation: a machine left running bills.
            logger.LogWarning("Pool {Pool}: machine {Machine} of node {Node} not terminated yet: {Error}", Pool, machine.MachineId, machine.NodeId, e.Message);
            return;
        }
        record.State.Machines[machine.NodeId] = machine with { State = MachineState.Terminating, Since = now, Reason = reason };
        record.State.Decided([new ScalingDecision(now, ScalingAction.Terminate, 1, $"{machine.NodeId} ({machine.MachineId}): {reason}")]);
        logger.LogInformation("Pool {Pool}: terminating {Machine} of node {Node}: {Reason}", Pool, machine.MachineId, machine.NodeId, reason);
    }
}
