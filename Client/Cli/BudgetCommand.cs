using System.CommandLine;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>budget JOB-ID --max-cost X</c> (or <c>--no-cap</c>): sets a job's cost cap; a job held at its cap carries on once the cap allows.</summary>
internal static class BudgetCommand
{
    public static Command Create(FarmOptions farm)
    {
        var jobId = new Argument<Guid>("job-id") { Description = "Id printed by submit." };
        var maxCost = new Option<decimal?>("--max-cost") { Description = "The new cap, in the farm's currency." };
        var noCap = new Option<bool>("--no-cap") { Description = "Remove the job's cap." };
        var command = new Command("budget", "Set or remove a job's cost cap; a job held at its cap carries on once the new cap allows another chunk.") { jobId, maxCost, noCap };
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var cap = result.GetValue(maxCost);
            if (cap is null == !result.GetValue(noCap))
                return CommandErrors.Usage("Give --max-cost AMOUNT or --no-cap.");
            try
            {
                var status = await renderFarm.SetJobMaxCostAsync(result.GetValue(jobId), cap, cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"Job {status.JobId} is [{JobProgressView.StateColor(status.State)}]{status.State}[/]: {Formats.Money(status.Cost.Actual, status.Cost.Currency)} spent, cap {(status.Cost.Cap is { } c ? Formats.Money(c, status.Cost.Currency) : "none")}.");
                if (status.Cost.Hold is { } hold)
                    AnsiConsole.MarkupLineInterpolated($"[yellow]{hold}[/]");
                return ExitCodes.Success;
            }
            catch (ArgumentException e)
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
