using System.CommandLine;

namespace RenderFarm.Cli;

/// <summary><c>status JOB-ID</c>: the job and each of its chunks, as tables.</summary>
internal static class StatusCommand
{
    public static Command Create(FarmOptions farm)
    {
        var jobId = new Argument<Guid>("job-id") { Description = "Id printed by submit." };
        var command = new Command("status", "Show a job and its chunks: frames, state, attempts, node and every node tried; then its notifications' deliveries.") { jobId };
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            JobTables.Write(await renderFarm.GetJobStatusAsync(result.GetValue(jobId), cancellationToken));
            NotificationTable.Write(await renderFarm.GetNotificationsAsync(result.GetValue(jobId), cancellationToken));
            return ExitCodes.Success;
        });
        return command;
    }
}
