using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Client;
using RenderFarm.Dashboard.SignIn;
using RenderFarm.Jobs;
using RenderFarm.Metrics;

namespace RenderFarm.Dashboard.Pages;

/// <summary>The cluster: its figures, its nodes with their machines, the autoscaler's recent decisions, and the operators' buttons.</summary>
public sealed class IndexModel(IRenderFarm farm) : PageModel
{
    public FarmMetrics Metrics { get; private set; } = new();
    public ClusterStatus Cluster { get; private set; } = null!;
    public DashboardUser Viewer { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Viewer = DashboardUser.From(User)!;
        var metrics = farm.GetMetricsAsync(null, cancellationToken);
        Cluster = await farm.GetClusterStatusAsync(cancellationToken);
        Metrics = await metrics;
    }

    public Task<IActionResult> OnPostPauseAllAsync(CancellationToken cancellationToken) =>
        this.FarmActionAsync(() => farm.PausePoolAsync(cancellationToken), "Nothing more of the pool is dispatched; running work finishes.");

    public Task<IActionResult> OnPostResumeAllAsync(CancellationToken cancellationToken) =>
        this.FarmActionAsync(() => farm.ResumePoolAsync(cancellationToken), "The pool dispatches again.");

    public Task<IActionResult> OnPostScaleAsync(string? target, CancellationToken cancellationToken)
    {
        if (target is not { Length: > 0 } text || text == "auto")
            return this.FarmActionAsync(() => farm.ScaleClusterAsync(null, cancellationToken), "The pool is back with its autoscaler's policies.");
        return int.TryParse(text, out var nodes) && nodes >= 0
            ? this.FarmActionAsync(() => farm.ScaleClusterAsync(nodes, cancellationToken), $"The autoscaler aims at {nodes} node(s).")
            : Task.FromResult(this.Problem($"target must be a whole number of nodes, 0 or more, or 'auto' (was '{text}')"));
    }

    /// <summary>Pause all, and every active job paused with its running attempts stopped: nothing renders, nothing finished is lost, and each job resumes where it stopped.</summary>
    public Task<IActionResult> OnPostEmergencyStopAsync(CancellationToken cancellationToken) =>
        this.FarmActionAsync(async () =>
        {
            await farm.PausePoolAsync(cancellationToken);
            var running = new JobQuery { States = [.. JobStates.Pausable, JobState.PauseRequested], Limit = JobQuery.MaxLimit };
            for (string? page = null; ;)
            {
                var jobs = await farm.ListJobsAsync(running with { PageToken = page }, cancellationToken);
                foreach (var job in jobs.Jobs)
                {
                    try
                    {
                        await farm.PauseJobAsync(job.JobId, new PauseOptions { StopRunning = true }, cancellationToken);
                    }
                    catch (InvalidOperationException)
                    {
                        // Ended or merging since it was listed: nothing to stop.
                    }
                }
                if ((page = jobs.NextPageToken) is null)
                    break;
            }
        }, "Emergency stop: the pool is paused and every running job stopped; resume the pool and the jobs to carry on.");
}
