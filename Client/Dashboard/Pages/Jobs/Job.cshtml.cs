using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Client;
using RenderFarm.Dashboard.Pages.Shared;
using RenderFarm.Dashboard.SignIn;
using RenderFarm.Jobs;
using RenderFarm.Notifications;

namespace RenderFarm.Dashboard.Pages.Jobs;

/// <summary>One job: its pieces on a strip, their attempts and logs, its last frame, its time and money, and what its owner may do to it.</summary>
public sealed class JobModel(IRenderFarm farm) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public JobStatus Job { get; private set; } = null!;
    public IReadOnlyList<DeliveryRecord> Deliveries { get; private set; } = [];
    /// <summary>The latest still of the job's render; null before the first.</summary>
    public JobThumbnail? Thumbnail { get; private set; }
    /// <summary>The job's own notification targets (its submitter's own are added when it notifies).</summary>
    public IReadOnlyList<NotificationTarget> JobTargets { get; private set; } = [];
    public DashboardUser Viewer { get; private set; } = null!;

    /// <summary>The job's owner or an operator, while it has not ended: the farm's own rule, so no button is offered that the farm would refuse.</summary>
    public bool MayAct => Viewer.Identity.MayActOnJobOf(Job.Submitter) && !Job.State.IsTerminal();

    /// <summary>A failed or cancelled job its owner or an operator may render again.</summary>
    public bool MayRetry => Viewer.Identity.MayActOnJobOf(Job.Submitter) && Job.State is JobState.Failed or JobState.Cancelled;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>The page's details alone, fetched by its script when the job changes.</summary>
    public async Task<IActionResult> OnGetDetailsAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Partial("_JobDetails", this);
    }

    public Task<IActionResult> OnPostPauseAsync(bool stopRunning, CancellationToken cancellationToken) =>
        this.FarmActionAsync(() => farm.PauseJobAsync(Id, new PauseOptions { StopRunning = stopRunning }, cancellationToken),
            stopRunning ? "Pausing: running attempts are stopped and rendered again on resume." : "Pausing: running attempts finish and are kept.");

    public Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken) =>
        this.FarmActionAsync(() => farm.ResumeJobAsync(Id, cancellationToken), "Resumed.");

    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken) =>
        this.FarmActionAsync(() => farm.CancelJobAsync(Id, cancellationToken), "Cancelled.");

    /// <summary>An ended job's timeline submitted again as a new job, whose page comes next.</summary>
    public async Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var again = await farm.RetryJobAsync(Id, cancellationToken);
            TempData["Notice"] = $"Submitted again as a new job; the job it repeats was {Id:N}.";
            return RedirectToPage(new { id = again.JobId });
        }
        catch (Exception e) when (e is InvalidOperationException or Access.AccessDeniedException or Timelines.TimelineValidationException)
        {
            return this.Problem(e.Message);
        }
    }

    public Task<IActionResult> OnPostPriorityAsync(JobPriority priority, string? deadline, bool clearDeadline, CancellationToken cancellationToken)
    {
        DateTimeOffset? at = null;
        if (!clearDeadline && deadline is { Length: > 0 })
        {
            if (!DateTimeOffset.TryParse(deadline, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Task.FromResult(this.Problem($"deadline must be a date and time such as 2026-12-24T18:00Z (was '{deadline}')"));
            at = parsed;
        }
        return this.FarmActionAsync(() => farm.SetJobPriorityAsync(Id, new PriorityChange { Priority = priority, Deadline = at, ClearDeadline = clearDeadline }, cancellationToken),
            "The priority is changed; the scheduler orders the job's queued work by it from its next dispatch.");
    }

    public Task<IActionResult> OnPostBudgetAsync(string? maxCost, CancellationToken cancellationToken)
    {
        decimal? cap = null;
        if (maxCost is { Length: > 0 })
        {
            if (!decimal.TryParse(maxCost, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
                return Task.FromResult(this.Problem($"max cost must be an amount such as 12.50, or empty for no cap (was '{maxCost}')"));
            cap = amount;
        }
        return this.FarmActionAsync(() => farm.SetJobMaxCostAsync(Id, cap, cancellationToken), cap is null ? "The job has no cost cap now." : "The cost cap is changed.");
    }

    /// <summary>"1.20 USD so far, estimated 1.00–1.40 USD, capped at 2.00 USD".</summary>
    public string CostLine
    {
        get
        {
            var cost = Job.Cost;
            var parts = new List<string> { $"{Show.Money(cost.Actual, cost.Currency)} so far" };
            if (cost.Estimate is { } estimate)
                parts.Add($"estimated {Show.Money(estimate.OnDemand.CostLow, cost.Currency)}–{Show.Money(estimate.OnDemand.CostHigh, cost.Currency)}");
            if (cost.Cap is { } cap)
                parts.Add($"capped at {Show.Money(cap, cost.Currency)}");
            return string.Join(", ", parts);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Viewer = DashboardUser.From(User)!;
        var deliveries = farm.GetNotificationsAsync(Id, cancellationToken);
        var submission = farm.GetJobSubmissionAsync(Id, cancellationToken);
        var thumbnail = farm.GetThumbnailAsync(Id, cancellationToken);
        Job = await farm.GetJobStatusAsync(Id, cancellationToken);
        Deliveries = await deliveries;
        Thumbnail = await thumbnail;
        JobTargets = (await submission).Options.Notifications?.Targets ?? [];
    }
}
