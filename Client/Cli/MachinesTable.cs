using System.Globalization;
using RenderFarm.Scaling;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>The autoscaler's machines, the offers waiting out a refusal, and its latest decisions with their reasons.</summary>
internal static class MachinesTable
{
    private const int DecisionsShown = 10;

    public static void Write(AutoscalerStatus status)
    {
        if (!status.Enabled)
            return;
        var machines = new Table().Title($"machines of pool {Markup.Escape(status.Pool)}")
            .AddColumns("node", "machine", "provider", "instance", "state", "since", "cost/h", "chunks rendered", "why");
        foreach (var machine in status.Machines)
        {
            machines.AddRow(
                Markup.Escape(machine.NodeId),
                Markup.Escape(machine.MachineId.Length == 0 ? "-" : machine.MachineId),
                Markup.Escape(machine.Provider),
                Markup.Escape(machine.Instance),
                $"[{Color(machine.State)}]{machine.State}[/]",
                Formats.Time(machine.Since),
                Formats.Money(machine.HourlyPrice, machine.Currency),
                machine.ChunksRendered.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(machine.Reason ?? ""));
        }
        AnsiConsole.Write(machines);
        AnsiConsole.MarkupLineInterpolated($"autoscaler: {(status.ManualTarget is { } target ? $"target {target} node(s)" : "by its policies")}, {status.MinNodes} to {status.MaxNodes} nodes, {Formats.Money(status.CostPerHour, "USD")}/h launched");
        foreach (var backoff in status.Backoffs)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{backoff.Instance} not tried until {Formats.Time(backoff.Until)}: {backoff.Error}[/]");
        foreach (var decision in status.Decisions.TakeLast(DecisionsShown))
            AnsiConsole.MarkupLineInterpolated($"{Formats.Time(decision.At)}  {decision.Action} {decision.Machines}: {decision.Reason}");
    }

    private static string Color(MachineState state) => state switch
    {
        MachineState.Ready => "green",
        MachineState.Launching => "blue",
        MachineState.Terminated => "grey",
        _ => "yellow",
    };
}
