using System.CommandLine;
using System.Globalization;
using RenderFarm.Client;
using RenderFarm.Nodes;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>cluster</c>: every render node of the pool with its slots and load, and the scheduler's totals.</summary>
internal static class ClusterCommand
{
    public static Command Create(FarmOptions farm)
    {
        var command = new Command("cluster", "Show the pool's render nodes (slots, load, hardware) and the scheduler's queue.");
        command.SetFarmAction(farm, async (renderFarm, _, cancellationToken) =>
        {
            Write(await renderFarm.GetClusterStatusAsync(cancellationToken));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(ClusterStatus cluster)
    {
        var scheduled = cluster.Scheduler.Nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var table = new Table()
            .Title($"pool {Markup.Escape(cluster.Pool)}")
            .AddColumns("node", "silo", "state", "slots", "threads/slot", "running", "most at once", "chunks rendered", "cores", "benchmark fps", "GPU", "sandbox", "assets cached", "last report");
        foreach (var node in cluster.Nodes.OrderBy(n => n.Info.NodeId, StringComparer.Ordinal))
        {
            // The scheduler's count of running chunks is current; the node's own is as of its last report.
            var running = scheduled.TryGetValue(node.Info.NodeId, out var slots) ? slots.Running : node.Load.Running;
            var capabilities = node.Info.Capabilities;
            table.AddRow(
                Markup.Escape(node.Info.NodeId),
                Markup.Escape(node.Info.Silo.Endpoint.ToString()),
                node.State == NodeState.Ready ? $"[green]{node.State}[/]" : $"[yellow]{node.State}[/]",
                Number(capabilities.RenderSlots),
                capabilities.ThreadsPerSlot > 0 ? Number(capabilities.ThreadsPerSlot) : "-",
                Number(running),
                Number(node.Load.MostAtOnce),
                Number(node.Load.ChunksRendered),
                Number(capabilities.Cores),
                capabilities.BenchmarkFps > 0 ? capabilities.BenchmarkFps.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(capabilities.Gpu ?? "-"),
                Sandbox(capabilities.Sandbox),
                slots is not null ? Number(slots.AssetsHeld) : "-",
                Formats.Ago(node.LastReportAt));
        }
        AnsiConsole.Write(table);
        var scheduler = cluster.Scheduler;
        AnsiConsole.MarkupLineInterpolated(
            $"scheduler: {scheduler.Queued} chunk(s) queued, {scheduler.Running} running, {scheduler.DispatchedTotal} dispatched in total, {scheduler.ActiveJobs} active job(s){(scheduler.Paused ? "; the pool is PAUSED (resume --all)" : "")}");
        if (cluster.Autoscaler is { } autoscaler)
            MachinesTable.Write(autoscaler);
    }

    /// <summary>A farm node its operator left unsandboxed stands out; a development node is plainly off.</summary>
    private static string Sandbox(SandboxState state) => state switch
    {
        SandboxState.On => "[green]on[/]",
        SandboxState.TurnedOffByOperator => "[yellow]off (operator)[/]",
        _ => "off",
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
