using Microsoft.Extensions.Logging;

namespace RenderFarm.Jobs;

/// <summary>
/// The reminder that reactivates a job whose silo died. The reminder service can refuse for a while
/// (still loading after a silo start, database unreachable): the job goes on without it, and its
/// supervision calls <see cref="ArmAsync"/> again until it is registered.
/// </summary>
internal sealed class JobWatchdog(Grain job, Guid jobId, FailoverOptions policy, ILogger logger)
{
    private const string ReminderName = "watchdog";

    public bool Armed { get; private set; }

    public async Task ArmAsync()
    {
        try
        {
            await job.RegisterOrUpdateReminder(ReminderName, policy.WatchdogReminderPeriod, policy.WatchdogReminderPeriod);
            Armed = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: watchdog reminder not registered yet, trying again in {Interval}: {Error}", jobId, policy.SuperviseInterval, e.Message);
        }
    }

    /// <summary>Removes the reminder of an ended job; if that fails now, its next tick tries again.</summary>
    public async Task DisarmAsync()
    {
        try
        {
            if (await job.GetReminder(ReminderName) is { } reminder)
                await job.UnregisterReminder(reminder);
            Armed = false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: watchdog reminder not removed now, its next tick tries again: {Error}", jobId, e.Message);
        }
    }
}
