using System.CommandLine;
using RenderFarm.Client;
using RenderFarm.Jobs;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>watch JOB-ID</c>: a progress bar until the job ends, then its status; exits 0 only if it completed.</summary>
internal static class WatchCommand
{
    public static Command Create(FarmOptions farm)
    {
        var jobId = new Argument<Guid>("job-id") { Description = "Id printed by submit." };
        var command = new Command("watch", "Show a job's progress until it ends (Ctrl+C stops watching, not the job).") { jobId };
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var id = result.GetValue(jobId);
            var status = await renderFarm.GetJobStatusAsync(id, cancellationToken);
            return await FollowAsync(renderFarm, id, status.Name, cancellationToken);
        });
        return command;
    }

    /// <summary>Follows a job to its end and prints its status; Ctrl+C leaves the job running.</summary>
    public static async Task<int> FollowAsync(IRenderFarm farm, Guid jobId, string name, CancellationToken cancellationToken)
    {
        try
        {
            await JobProgressView.ShowAsync(farm, jobId, name, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]Stopped watching; job {jobId} goes on (renderfarm cancel {jobId} stops it).[/]");
            return ExitCodes.Interrupted;
        }
        var status = await farm.GetJobStatusAsync(jobId, cancellationToken);
        JobTables.Write(status);
        return JobOutcome.ExitCode(status, "Job");
    }
}
