using RenderFarm.Client;
using RenderFarm.Jobs;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>A progress bar of a job's frames, fed by its progress stream until the job ends.</summary>
internal static class JobProgressView
{
    /// <summary>Shows the job's progress and returns its last update, whose state is terminal.</summary>
    public static async Task<JobProgress> ShowAsync(IRenderFarm farm, Guid jobId, string label, CancellationToken cancellationToken)
    {
        JobProgress? last = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: 1);
                await foreach (var update in farm.WatchJobAsync(jobId, cancellationToken))
                {
                    last = update;
                    task.MaxValue = Math.Max(update.TotalFrames, 1);
                    task.Value = update.State == JobState.Completed ? task.MaxValue : update.FramesDone;
                    task.Description = Describe(label, update);
                }
                task.StopTask();
            });
        return last ?? throw new InvalidOperationException($"the progress of job {jobId} ended without an update");
    }

    private static string Describe(string label, JobProgress progress) =>
        $"{Markup.Escape(label)} [{StateColor(progress.State)}]{progress.State}[/] " +
        $"{progress.FramesDone}/{progress.TotalFrames} frames, {progress.ChunksDone}/{progress.ChunksTotal} chunks";

    public static string StateColor(JobState state) => state switch
    {
        JobState.Completed => "green",
        JobState.Failed or JobState.Refused => "red",
        JobState.Cancelled or JobState.Paused or JobState.PauseRequested or JobState.CancelRequested or JobState.HoldingAtCap or JobState.HeldAtCap => "yellow",
        JobState.Queued => "grey",
        _ => "blue",
    };
}
