using RenderFarm.Costs;
using RenderFarm.Scaling;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Scaling;

/// <summary>A farm of one silo process with an autoscaler, and how its tests wait on it.</summary>
public static class AutoscalerFarm
{
    /// <summary>The autoscaler's settings for a test: quick to decide, launched nodes one slot each on the farm's store.</summary>
    public static Dictionary<string, string> Settings(ProcessFarm farm, IReadOnlyList<string> offers, int maxNodes = 3, string joinTimeout = "00:02:00")
    {
        var settings = new Dictionary<string, string>
        {
            ["Autoscaler__Enabled"] = "true",
            ["Autoscaler__MaxNodes"] = maxNodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Autoscaler__SlotsPerMachine"] = "1",
            ["Autoscaler__IdleTimeout"] = "00:00:05",
            ["Autoscaler__Cooldown"] = "00:00:02",
            ["Autoscaler__EvaluatePeriod"] = "00:00:01",
            ["Autoscaler__JoinTimeout"] = joinTimeout,
            ["Autoscaler__NodeSettings__MediaStore__Root"] = farm.StoreRoot,
            ["Autoscaler__NodeSettings__Access__KeysFile"] = TestKeys.File,
            ["Autoscaler__NodeSettings__MediaStore__AssetsRoot"] = SampleMedia.Root,
            ["Autoscaler__NodeSettings__RenderNode__RenderSlots"] = "1",
            ["Autoscaler__NodeSettings__RenderNode__MeasureBenchmarkAtStart"] = "false",
            ["Autoscaler__NodeSettings__RenderNode__LoadReportPeriod"] = "00:00:01",
        };
        // A launched machine finds its certificate at the paths its boot settings give.
        foreach (var (name, value) in TestCertificates.Node.SiloSettings("Autoscaler__NodeSettings__"))
            settings[name] = value;
        foreach (var (offer, index) in offers.Select((o, i) => (o, i)))
            settings[$"Autoscaler__Offers__{index}"] = offer;
        return settings;
    }

    /// <summary>Polls the pool's autoscaler; a call failing while a silo is being declared dead is read as not yet.</summary>
    public static async Task<AutoscalerStatus> UntilAsync(ProcessFarm farm, Func<AutoscalerStatus, bool> condition, string what, TimeSpan limit)
    {
        string? lastError = null;
        var status = await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return (await farm.Farm.GetClusterStatusAsync()).Autoscaler;
                }
                catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
                {
                    lastError = e.Message;
                    return null;
                }
            },
            s => s is not null && condition(s), limit, what,
            s => s is null
                ? $"no answer: {lastError} | logs in {farm.LogFolder}"
                : string.Join("; ", s.Machines.Select(m => $"{m.NodeId} {m.MachineId} {m.State} {m.Reason}")) + " | " + string.Join("; ", s.Decisions.TakeLast(5).Select(d => $"{d.Action} {d.Machines}: {d.Reason}")) + $" | logs in {farm.LogFolder}");
        return status!;
    }

    /// <summary>
    /// The pool's bill (its ledger of machine runs) counts the farm's own nodes and the launched ones, one
    /// run each, and bills at least the time each was seen up: <paramref name="upAtLeast"/> (the launched
    /// nodes were up from when all had joined until their job completed, the farm's own longer), each
    /// launched run for no less than its machine's minimum; and at most the farm's age for every run.
    /// </summary>
    public static async Task<MachineUptime> AssertNodeSecondsAsync(ProcessFarm farm, int farmNodes, IReadOnlyCollection<string> launched, TimeSpan upAtLeast, TimeSpan farmAge, int minimumSeconds)
    {
        var uptime = (await farm.Farm.GetBillingAsync(BillingQuery.ForPool("default"), TestContext.Current.CancellationToken)).Uptime;
        Assert.NotNull(uptime);
        var runs = farmNodes + launched.Count;
        Assert.True(uptime.Machines == runs, $"the pool's bill counts {uptime.Machines} machine run(s), not the {farmNodes} farm node(s) and the launched {string.Join(", ", launched)}");
        var least = farmNodes * (long)Math.Floor(upAtLeast.TotalSeconds) + launched.Count * Math.Max(minimumSeconds, (long)Math.Floor(upAtLeast.TotalSeconds));
        var most = runs * ((long)Math.Ceiling(farmAge.TotalSeconds) + minimumSeconds);
        Assert.True(uptime.Seconds >= least && uptime.Seconds <= most, $"the pool's bill has {uptime.Seconds} node-seconds, not within {least}..{most}");
        return uptime;
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan limit) =>
        Eventually.UntilAsync(() => Task.FromResult(condition()), done => done, limit, what);

    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan limit) =>
        Eventually.UntilAsync(condition, done => done, limit, what);
}
