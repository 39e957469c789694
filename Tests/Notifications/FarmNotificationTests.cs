using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Access;
using RenderFarm.Client.Notifications;
using RenderFarm.Jobs;
using RenderFarm.Notifications;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Notifications;

/// <summary>A farm's jobs notify webhooks and mailboxes: signed, tried again, logged, and the log kept to its owner.</summary>
public sealed class FarmNotificationTests(NotificationFarm fixture) : IClassFixture<NotificationFarm>
{
    private const string Secret = "alice-webhook-secret-0123456789";
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(30);

    private Client.IRenderFarm Farm => fixture.Farm.Farm;

    [Fact]
    public async Task A_webhook_that_fails_twice_gets_the_third_try_with_the_same_delivery_id_and_a_valid_signature()
    {
        NotificationFarm.As(TestKeys.Alice);
        var ct = TestContext.Current.CancellationToken;
        var hook = fixture.Receiver.Hook("/hooks/retried", failures: 2);
        var options = new JobOptions
        {
            Name = "retried-hook",
            ChunkCount = 1,
            Notifications = new NotificationSettings { Targets = [NotificationTarget.ForWebhook(hook, Secret, NotificationEvent.Completed)] },
        };

        var job = await Farm.SubmitJobAsync(FarmTimelines.Small(25), options, ct);
        var done = await fixture.EndAsync(job.JobId);
        var log = await Eventually.UntilAsync(() => Farm.GetNotificationsAsync(job.JobId, ct),
            l => l.Count == 1 && l[0].State != DeliveryState.Pending, DeliveryLimit, "the webhook's delivery");

        Assert.Equal(JobState.Completed, done.State);
        var delivery = Assert.Single(log);
        Assert.Equal((DeliveryState.Delivered, NotificationEvent.Completed, "webhook " + hook), (delivery.State, delivery.Event, delivery.Target));
        Assert.Equal(["HTTP 500", "HTTP 500", "HTTP 200"], delivery.Tries.Select(t => t.Outcome));
        var received = fixture.Receiver.At("/hooks/retried");
        Assert.Equal([500, 500, 200], received.Select(r => r.Answer));
        Assert.All(received, r =>
        {
            Assert.Equal(delivery.DeliveryId, r.Delivery);
            Assert.Equal("completed", r.Event);
            var verdict = WebhookSignature.Verify(Secret, r.Signature, r.Body, r.At);
            Assert.True(verdict.Valid, verdict.ToString());
        });
        using var body = JsonDocument.Parse(received[2].Body);
        Assert.Equal(3, body.RootElement.GetProperty("attempt").GetInt32());
        Assert.Equal(job.JobId, body.RootElement.GetProperty("jobId").GetGuid());
        Assert.Equal("retried-hook", body.RootElement.GetProperty("name").GetString());
        Assert.Equal(done.OutputPath, body.RootElement.GetProperty("outputPath").GetString());
        // What a receiver sees of a forgery and of a replay: a changed body fails, the same delivery id again is known.
        var forged = received[2].Body.ToArray();
        forged[^2] ^= 1;
        Assert.Equal(WebhookSignatureFailure.BadSignature, WebhookSignature.Verify(Secret, received[2].Signature, forged, received[2].At).Failure);
        var guard = new WebhookReplayGuard();
        Assert.True(guard.FirstTime(received[2].Delivery!, received[2].At));
        Assert.False(guard.FirstTime(received[2].Delivery!, received[2].At.AddSeconds(1)));
    }

    [Fact]
    public async Task Pending_deliveries_carry_on_from_the_stored_log_after_their_activation_is_gone()
    {
        NotificationFarm.As(TestKeys.Alice);
        var ct = TestContext.Current.CancellationToken;
        // Five failures and the sixth and last try taken: a few seconds of retries to deactivate the grain in.
        var hook = fixture.Receiver.Hook("/hooks/deactivated", failures: 5);
        var options = new JobOptions
        {
            ChunkCount = 1,
            Notifications = new NotificationSettings { Targets = [NotificationTarget.ForWebhook(hook, Secret, NotificationEvent.Completed)] },
        };
        var job = await Farm.SubmitJobAsync(FarmTimelines.Small(25), options, ct);
        await fixture.EndAsync(job.JobId);
        await Eventually.UntilAsync(() => Task.FromResult(fixture.Receiver.At("/hooks/deactivated").Count), n => n >= 1, DeliveryLimit, "the first try");

        // Called from the silo: the farm's own calls are not held to the clients' rules.
        var management = fixture.Farm.Cluster.GetSiloServiceProvider().GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Eventually.UntilAsync(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero, ct);
            return (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("JobNotificationsGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        }, count => count == 0, DeliveryLimit, "the notifications grain's deactivation");
        var triesBefore = fixture.Receiver.At("/hooks/deactivated").Count;
        var log = await Eventually.UntilAsync(() => Farm.GetNotificationsAsync(job.JobId, ct),
            l => l.Count == 1 && l[0].State != DeliveryState.Pending, DeliveryLimit, "the delivery after the deactivation");

        Assert.True(triesBefore < 6, $"all {triesBefore} tries were made before the grain was deactivated");
        var delivery = Assert.Single(log);
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Equal(6, delivery.Attempts);
        Assert.All(fixture.Receiver.At("/hooks/deactivated"), r => Assert.Equal(delivery.DeliveryId, r.Delivery));
    }

    [Fact]
    public async Task A_users_own_settings_send_an_email_for_a_job_they_submit_without_settings_of_its_own()
    {
        NotificationFarm.As(TestKeys.Bob);
        var ct = TestContext.Current.CancellationToken;
        var mine = new NotificationSettings { Targets = [NotificationTarget.ForEmail("bob@studio.example", NotificationEvent.Completed)] };
        await Farm.SetMyNotificationsAsync(mine, ct);
        Assert.Equal("email bob@studio.example", Assert.Single((await Farm.GetMyNotificationsAsync(ct)).Targets).Describe());
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => Farm.SetMyNotificationsAsync(
            new NotificationSettings { Targets = [NotificationTarget.ForWebhook(new Uri("https://hooks.example.com/x"), "short")] }, ct));
        Assert.Contains("notifications.targets[0].secret: must be 16 to 256 characters", bad.Message);
        var refused = await Assert.ThrowsAsync<RenderFarm.Timelines.TimelineValidationException>(() => Farm.SubmitJobAsync(FarmTimelines.Small(25),
            new JobOptions { Notifications = new NotificationSettings { Targets = [NotificationTarget.ForEmail("bob")] } }, ct));
        Assert.Equal("options.notifications.targets[0].email", Assert.Single(refused.Errors).Field);
        // A refused change leaves the settings as they were.
        Assert.Single((await Farm.GetMyNotificationsAsync(ct)).Targets);

        var job = await Farm.SubmitJobAsync(FarmTimelines.Small(25), new JobOptions { Name = "bobs-mailed-job", ChunkCount = 1 }, ct);
        var done = await fixture.EndAsync(job.JobId);
        var mail = await fixture.Smtp.MessageAsync(m => m.Subject?.Contains("bobs-mailed-job", StringComparison.Ordinal) == true, DeliveryLimit, "bob's e-mail");

        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal("Render job bobs-mailed-job completed", mail.Subject);
        Assert.Equal("bob@studio.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Contains(done.OutputPath!, mail.TextBody);
        var log = await Eventually.UntilAsync(() => Farm.GetNotificationsAsync(job.JobId, ct), l => l.Any(d => d.State == DeliveryState.Delivered), DeliveryLimit, "the log's delivery");
        Assert.StartsWith("SMTP accepted", Assert.Single(log).Tries.Single().Outcome);
    }

    [Fact]
    public async Task A_failed_job_notifies_with_its_event_and_error()
    {
        NotificationFarm.As(TestKeys.Alice);
        var ct = TestContext.Current.CancellationToken;
        var hook = fixture.Receiver.Hook("/hooks/failed");
        var broken = FarmTimelines.Small(25, "broken") with { Output = FarmTimelines.Small(25).Output with { Width = NotificationFarm.BrokenWidth } };
        var options = new JobOptions
        {
            ChunkCount = 1,
            Notifications = new NotificationSettings
            {
                Targets = [NotificationTarget.ForWebhook(hook, Secret, NotificationEvent.Failed), NotificationTarget.ForEmail("alice@studio.example", NotificationEvent.Completed)],
            },
        };

        var job = await Farm.SubmitJobAsync(broken, options, ct);
        var failed = await fixture.EndAsync(job.JobId);
        var log = await Eventually.UntilAsync(() => Farm.GetNotificationsAsync(job.JobId, ct), l => l.Any(d => d.State == DeliveryState.Delivered), DeliveryLimit, "the failure's delivery");

        Assert.Equal(JobState.Failed, failed.State);
        // Only the target that wants failures is sent one.
        var delivery = Assert.Single(log);
        Assert.Equal(NotificationEvent.Failed, delivery.Event);
        var received = Assert.Single(fixture.Receiver.At("/hooks/failed"));
        Assert.Equal("failed", received.Event);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("Failed", body.RootElement.GetProperty("state").GetString());
        Assert.Contains("injected failure", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_job_whose_deadline_passes_while_it_renders_notifies_once_that_its_deadline_is_at_risk()
    {
        NotificationFarm.As(TestKeys.Alice);
        var ct = TestContext.Current.CancellationToken;
        var hook = fixture.Receiver.Hook("/hooks/late");
        var options = new JobOptions
        {
            ChunkCount = 2,
            Deadline = DateTimeOffset.UtcNow.AddMilliseconds(300),
            Notifications = new NotificationSettings { Targets = [NotificationTarget.ForWebhook(hook, Secret, NotificationEvent.DeadlineAtRisk)] },
        };

        var job = await Farm.SubmitJobAsync(FarmTimelines.Small(150), options, ct);
        var done = await fixture.EndAsync(job.JobId);
        var log = await Eventually.UntilAsync(() => Farm.GetNotificationsAsync(job.JobId, ct), l => l.Any(d => d.State == DeliveryState.Delivered), DeliveryLimit, "the deadline's delivery");

        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal(NotificationEvent.DeadlineAtRisk, Assert.Single(log).Event);
        var received = Assert.Single(fixture.Receiver.At("/hooks/late"));
        Assert.Equal("deadlineAtRisk", received.Event);
        using var body = JsonDocument.Parse(received.Body);
        Assert.True(body.RootElement.GetProperty("expectedEnd").GetDateTimeOffset() > body.RootElement.GetProperty("deadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task Another_user_may_neither_read_a_jobs_delivery_log_nor_change_someone_elses_settings()
    {
        NotificationFarm.As(TestKeys.Alice);
        var ct = TestContext.Current.CancellationToken;
        var job = await Farm.SubmitJobAsync(FarmTimelines.Small(25), new JobOptions { ChunkCount = 1 }, ct);
        Assert.Empty(await Farm.GetNotificationsAsync(job.JobId, ct));

        NotificationFarm.As(TestKeys.Bob);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Farm.GetNotificationsAsync(job.JobId, ct));
        Assert.Contains("it is another user's job", refused.Message);
        var settings = fixture.Farm.Cluster.Client.GetGrain<INotificationSettingsGrain>(0);
        await Assert.ThrowsAsync<AccessDeniedException>(() => settings.SetAsync("alice", NotificationSettings.None));

        NotificationFarm.As(TestKeys.Operator);
        Assert.Empty(await Farm.GetNotificationsAsync(job.JobId, ct));
        Assert.Empty((await settings.GetAsync("alice")).Targets);
    }
}
