using System.CommandLine;
using RenderFarm.Client;
using RenderFarm.Jobs;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>pause JOB-ID [--stop-running]</c> and <c>pause --all</c>; <c>resume JOB-ID</c> and <c>resume --all</c>.</summary>
internal static class PauseCommand
{
    public static Command CreatePause(FarmOptions farm)
    {
        var jobId = new Argument<Guid?>("job-id") { Description = "Id printed by submit.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Pause the whole pool: nothing of any job is dispatched until 'resume --all'." };
        var stop = new Option<bool>("--stop-running") { Description = "Stop the job's running chunks now (rendered again on resume) instead of letting them finish." };
        var command = new Command("pause", "Pause a job (or the whole pool with --all): nothing new is dispatched; running chunks finish and are kept.") { jobId, all, stop };
        command.SetFarmAction(farm, (renderFarm, result, cancellationToken) =>
            RunAsync(renderFarm, result.GetValue(jobId), result.GetValue(all), cancellationToken,
                id => renderFarm.PauseJobAsync(id, new PauseOptions { StopRunning = result.GetValue(stop) }, cancellationToken),
                () => renderFarm.PausePoolAsync(cancellationToken), "paused"));
        return command;
    }

    public static Command CreateResume(FarmOptions farm)
    {
        var jobId = new Argument<Guid?>("job-id") { Description = "Id printed by submit.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Resume the whole pool after 'pause --all'." };
        var command = new Command("resume", "Resume a paused job where it stopped (or the whole pool with --all).") { jobId, all };
        command.SetFarmAction(farm, (renderFarm, result, cancellationToken) =>
            RunAsync(renderFarm, result.GetValue(jobId), result.GetValue(all), cancellationToken,
                id => renderFarm.ResumeJobAsync(id, cancellationToken),
                () => renderFarm.ResumePoolAsync(cancellationToken), "resumed"));
        return command;
    }

    private static async Task<int> RunAsync(IRenderFarm farm, Guid? jobId, bool all, CancellationToken cancellationToken,
        Func<Guid, Task<JobStatus>> onJob, Func<Task> onPool, string done)
    {
        if (all == jobId.HasValue)
            return CommandErrors.Fail("Name a job id or give --all, not both.");
        if (all)
        {
            await onPool();
            var pool = await farm.GetClusterStatusAsync(cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Pool {pool.Pool} {done}: {pool.Scheduler.Running} chunk(s) running, {pool.Scheduler.Queued} queued.");
            return ExitCodes.Success;
        }
        try
        {
            var status = await onJob(jobId!.Value);
            AnsiConsole.MarkupLineInterpolated($"Job {status.JobId} is [{JobProgressView.StateColor(status.State)}]{status.State}[/] ({status.FramesDone}/{status.TotalFrames} frames done).");
            return ExitCodes.Success;
        }
        catch (InvalidOperationException e)
        {
            return CommandErrors.Fail(e.Message);
        }
    }
}
