using System.Diagnostics;
using RenderFarm.Jobs;
using RenderFarm.Scaling;
using RenderFarm.Scaling.Local;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Scaling;

/// <summary>
/// A farm of one silo process whose autoscaler launches local machines (real silo processes) that join
/// through the farm database: queued work brings them up, they render, and once idle they are drained
/// and terminated.
/// </summary>
[Collection(Database.DatabaseCollection.Name)]
public sealed class LocalAutoscalingTests(ITestOutputHelper output)
{
    private const string Offer = "local/local/machine/on-demand";

    private static Dictionary<string, string> Settings(ProcessFarm farm)
    {
        var settings = AutoscalerFarm.Settings(farm, [Offer]);
        settings["Providers__Local__Enabled"] = "true";
        settings["Providers__Local__SiloAssembly"] = SiloProcess.SiloAssembly;
        settings["Providers__Local__StateFolder"] = Path.Combine(farm.LogFolder, "machines");
        settings["Providers__Local__StopTimeout"] = "00:00:30";
        return settings;
    }

    [Fact]
    public async Task Queued_work_launches_local_machines_that_render_and_are_terminated_once_idle()
    {
        var age = Stopwatch.StartNew();
        await using var farm = await ProcessFarm.StartAsync(1, Settings);
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Slow(150), new JobOptions { ChunkCount = 5 }, ct);
        var joined = await UntilAsync(farm, s => s.Machines.Count(m => m.State == MachineState.Ready) == 2, "two launched machines joined", TimeSpan.FromMinutes(2));
        output.WriteLine($"queued to two launched nodes ready: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.All(joined.Machines, m => Assert.Equal((Offer, "local"), (m.Instance, m.Provider)));
        var launched = joined.Machines.Select(m => m.NodeId).ToHashSet();
        var allJoined = clock.Elapsed;

        var done = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(4));
        var completed = clock.Elapsed;
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}; logs in {farm.LogFolder}");
        Assert.Contains(done.Chunks, c => launched.Contains(c.Node!));

        var ended = await UntilAsync(farm, s => s.Machines.All(m => m.State == MachineState.Terminated), "the idle machines terminated", TimeSpan.FromMinutes(2));
        Assert.Contains(ended.Decisions, d => d.Action == ScalingAction.Launch && d.Machines == 2);
        Assert.Contains(ended.Decisions, d => d.Action == ScalingAction.Drain);
        Assert.Equal(2, ended.Decisions.Where(d => d.Action == ScalingAction.Terminate).Sum(d => d.Machines));
        await Eventually(() => !LocalMachinesRunning(farm), "the machines' silo processes to exit", TimeSpan.FromMinutes(1));
        // Local machines cost nothing and have no minimum: their node-seconds are on the bill all the same.
        await AutoscalerFarm.AssertNodeSecondsAsync(farm, 1, launched, completed - allJoined, age.Elapsed, minimumSeconds: 0);
    }

    private static bool LocalMachinesRunning(ProcessFarm farm) =>
        new LocalSiloProcesses(SiloProcess.SiloAssembly, Path.Combine(farm.LogFolder, "machines"), TimeSpan.FromSeconds(1)).List().Any(m => m.Running);

    private static Task<AutoscalerStatus> UntilAsync(ProcessFarm farm, Func<AutoscalerStatus, bool> condition, string what, TimeSpan limit) =>
        AutoscalerFarm.UntilAsync(farm, condition, what, limit);

    private static Task Eventually(Func<bool> condition, string what, TimeSpan limit) => AutoscalerFarm.UntilAsync(condition, what, limit);
}
