using Microsoft.Extensions.Logging;
using RenderFarm.Notifications;

namespace RenderFarm.Jobs;

/// <summary>The job grain's news for its notifications: the states it reaches and its deadline turning late.</summary>
public sealed partial class RenderJobGrain
{
    /// <summary>Tells the job's notifications of the state it has reached; one-way, so delivery never holds up the job.</summary>
    private void Notify()
    {
        NotificationEvent? e = Job.State switch
        {
            JobState.Completed => NotificationEvent.Completed,
            JobState.Failed => NotificationEvent.Failed,
            JobState.HeldAtCap => NotificationEvent.HeldAtCap,
            _ => null,
        };
        if (e is { } news)
            Notify(news, Outlook());
    }

    /// <summary>From supervision: a deadline outlook that turned late is told once, until the job is back on track.</summary>
    private void WatchDeadline()
    {
        var outlook = Outlook();
        var (atRisk, tell) = DeadlineWatch.Turn(Job.DeadlineAtRisk, outlook);
        if (atRisk == Job.DeadlineAtRisk)
            return;
        Job.DeadlineAtRisk = atRisk;
        mustStore = true;
        logger.LogInformation("Job {Job}: its deadline {Deadline:O} is {Outlook} (expected end {End:O})", JobId, outlook!.Deadline, atRisk ? "at risk" : "back on track", outlook.ExpectedEnd);
        if (tell)
            Notify(NotificationEvent.DeadlineAtRisk, outlook);
    }

    private void Notify(NotificationEvent e, DeadlineOutlook? outlook)
    {
        var cost = CostView();
        var notice = new JobNotice
        {
            Event = e,
            JobId = JobId,
            Name = Job.Name,
            State = Job.State.ToString(),
            Submitter = Job.Submitter,
            Project = Job.Project,
            OutputPath = OutputLocation(),
            Error = Job.Error,
            CostSoFar = cost.Billed + cost.Running,
            Currency = cost.Currency,
            Deadline = Job.Ticket.Deadline,
            ExpectedEnd = outlook?.ExpectedEnd,
            OccurredAt = clock.GetUtcNow(),
            Targets = Job.Options.Notifications?.Targets ?? [],
        };
        try
        {
            GrainFactory.GetGrain<IJobNotificationsGrain>(JobId).NotifyAsync(notice).Ignore();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: its notifications were not told of {Event}: {Error}", JobId, e, error.Message);
        }
    }
}
