using System.CommandLine;
using RenderFarm.Jobs;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>cancel JOB-ID</c>: stops a job's rendering chunks and drops its queued ones.</summary>
internal static class CancelCommand
{
    public static Command Create(FarmOptions farm)
    {
        var jobId = new Argument<Guid>("job-id") { Description = "Id printed by submit." };
        var command = new Command("cancel", "Cancel a job: rendering chunks stop, queued ones are dropped. A finished job is left as it is.") { jobId };
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var id = result.GetValue(jobId);
            var before = await renderFarm.GetJobStatusAsync(id, cancellationToken);
            if (before.State.IsTerminal())
            {
                AnsiConsole.MarkupLineInterpolated($"Job {id} had already ended: {before.State}.");
                return ExitCodes.Success;
            }
            var status = await renderFarm.CancelJobAsync(id, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Job {id} is [{JobProgressView.StateColor(status.State)}]{status.State}[/] ({status.FramesDone}/{status.TotalFrames} frames were done).");
            return ExitCodes.Success;
        });
        return command;
    }
}
