using System.CommandLine;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>scale N</c> (or <c>scale --auto</c>): the pool's autoscaler aims at N nodes, or goes back to its policies.</summary>
internal static class ScaleCommand
{
    public static Command Create(FarmOptions farm)
    {
        var target = new Argument<int?>("nodes") { Description = "The nodes the pool should have (within Autoscaler:MinNodes and MaxNodes).", Arity = ArgumentArity.ZeroOrOne };
        var auto = new Option<bool>("--auto") { Description = "Hand the pool back to the autoscaler's policies (queue, CPU, cost)." };
        var command = new Command("scale", "Have the pool's autoscaler launch or drain machines until the pool has N nodes, or go back to its policies.") { target, auto };
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var nodes = result.GetValue(target);
            if (nodes is null == !result.GetValue(auto))
                return CommandErrors.Usage("Give the number of nodes, or --auto.");
            try
            {
                var status = await renderFarm.ScaleClusterAsync(nodes, cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"pool {status.Pool}: {(status.ManualTarget is { } aim ? $"aiming at {aim} node(s)" : "scaled by its policies")} ({status.MinNodes} to {status.MaxNodes}); {status.Machines.Count(m => m.State != Scaling.MachineState.Terminated)} machine(s) launched");
                MachinesTable.Write(status);
                return ExitCodes.Success;
            }
            catch (ArgumentOutOfRangeException e)
            {
                return CommandErrors.Usage(e.Message);
            }
            catch (InvalidOperationException e)
            {
                return CommandErrors.Fail(e.Message);
            }
        });
        return command;
    }
}
