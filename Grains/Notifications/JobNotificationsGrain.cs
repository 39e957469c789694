using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RenderFarm.Notifications;

/// <summary>
/// A job's notifications (keyed by job id). Each event becomes one delivery per target that wants it (the
/// job's own and its submitter's at that moment), stored before its first try. Tries run on a timer at
/// their due times; a failed one is tried again after a growing wait until it is taken or
/// <see cref="NotificationOptions.MaxAttempts"/> is reached. While a delivery is due a reminder is set, so
/// that the tries carry on after the activation or its silo is gone.
/// </summary>
public sealed class JobNotificationsGrain(
    [PersistentState("notifications", RenderFarmNames.Storage)] IPersistentState<JobNotificationsState> state,
    INotificationSender sender,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<JobNotificationsGrain> logger) : Grain, IJobNotificationsGrain, IRemindable
{
    private const string ReminderName = "notifications";

    private readonly NotificationOptions policy = options.Value;
    private IGrainTimer? timer;
    private bool reminderSet;

    private Guid JobId => this.GetPrimaryKey();
    private List<Delivery> Deliveries => state.State.Deliveries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        timer = this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        return ScheduleAsync();
    }

    async Task IJobNotificationsGrain.NotifyAsync(JobNotice notice)
    {
        var targets = notice.Targets.Concat(await SubmitterTargetsAsync(notice.Submitter))
            .Where(t => t.Wants(notice.Event))
            .DistinctBy(t => (t.Webhook?.AbsoluteUri, t.Secret, t.Email?.ToLowerInvariant()))
            .ToList();
        if (targets.Count == 0)
            return;
        var now = clock.GetUtcNow();
        foreach (var target in targets)
        {
            Deliveries.Add(new Delivery
            {
                Record = new DeliveryRecord(Guid.NewGuid().ToString("N"), notice.Event, target.Describe(), DeliveryState.Pending, [], now, now),
                Target = target,
                Notice = notice,
            });
        }
        logger.LogInformation("Job {Job}: {Event} to be sent to {Targets}", JobId, notice.Event, string.Join(", ", targets.Select(t => t.Describe())));
        await StoreAsync();
        await ScheduleAsync();
    }

    Task<IReadOnlyList<DeliveryRecord>> IJobNotificationsGrain.GetDeliveriesAsync() =>
        Task.FromResult<IReadOnlyList<DeliveryRecord>>(Deliveries.Select(d => d.Record).ToList());

    /// <summary>Being activated is the point: activation schedules what is due. An idle reminder is removed.</summary>
    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        reminderSet = true;
        return ScheduleAsync();
    }

    /// <summary>The submitter's own targets now; without them (their grain unreachable) the job's own still go.</summary>
    private async Task<IReadOnlyList<NotificationTarget>> SubmitterTargetsAsync(string submitter)
    {
        if (submitter.Length == 0)
            return [];
        try
        {
            return (await GrainFactory.GetGrain<IUserNotificationsGrain>(submitter).GetAsync()).Targets;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: the notification settings of {User} could not be read; only the job's own targets are notified: {Error}", JobId, submitter, e.Message);
            return [];
        }
    }

    /// <summary>Sends every try that is due, side by side, records their outcomes, and schedules the next.</summary>
    private async Task DeliverDueAsync()
    {
        var now = clock.GetUtcNow();
        var due = Deliveries.Where(d => d.IsDue(now)).ToList();
        if (due.Count > 0)
        {
            await Task.WhenAll(due.Select(TryAsync));
            await StoreAsync();
        }
        await ScheduleAsync();
    }

    /// <summary>A log that cannot be stored now is still acted on: sending from memory beats losing the news; the next write stores it.</summary>
    private async Task StoreAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: its delivery log was not stored now; deliveries carry on from memory: {Error}", JobId, e.Message);
        }
    }

    private async Task TryAsync(Delivery delivery)
    {
        var attempt = delivery.Record.Attempts + 1;
        DeliveryOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(delivery.Target, delivery.Notice, delivery.Record.DeliveryId, attempt, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = DeliveryOutcome.NotTaken($"not sent: {e.GetType().Name}: {e.Message}");
        }
        delivery.Record = delivery.After(new DeliveryTry(clock.GetUtcNow(), outcome.Succeeded, outcome.Text), policy.MaxAttempts, policy.FirstRetryDelay, policy.MaxRetryDelay);
        var record = delivery.Record;
        if (record.State == DeliveryState.Delivered)
            logger.LogInformation("Job {Job}: {Event} delivered to {Target} ({Outcome}, try {Attempt})", JobId, record.Event, record.Target, outcome.Text, attempt);
        else if (record.State == DeliveryState.GaveUp)
            logger.LogWarning("Job {Job}: {Event} to {Target} given up after {Attempt} tries: {Outcome}", JobId, record.Event, record.Target, attempt, outcome.Text);
        else
            logger.LogInformation("Job {Job}: {Event} to {Target} not taken ({Outcome}, try {Attempt}); trying again at {Next:O}", JobId, record.Event, record.Target, outcome.Text, attempt, record.NextTryAt);
    }

    /// <summary>Sets the timer to the next due try, and the reminder while any is due.</summary>
    private async Task ScheduleAsync()
    {
        var next = Deliveries.Where(d => d.Record.State == DeliveryState.Pending).Min(d => d.Record.NextTryAt);
        if (next is not { } at)
        {
            timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            await RemindAsync(wanted: false);
            return;
        }
        var wait = at - clock.GetUtcNow();
        timer?.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        await RemindAsync(wanted: true);
    }

    /// <summary>A reminder service that refuses now leaves the timer to do the work; the next schedule tries again.</summary>
    private async Task RemindAsync(bool wanted)
    {
        if (wanted == reminderSet)
            return;
        try
        {
            if (wanted)
                await this.RegisterOrUpdateReminder(ReminderName, policy.ReminderPeriod, policy.ReminderPeriod);
            else if (await this.GetReminder(ReminderName) is { } reminder)
                await this.UnregisterReminder(reminder);
            reminderSet = wanted;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: the notifications reminder was not {Change} now: {Error}", JobId, wanted ? "set" : "removed", e.Message);
        }
    }
}
