using RenderFarm.Jobs;
using RenderFarm.Notifications;

namespace RenderFarm.Tests.Notifications;

/// <summary>A job's and a user's notification settings: each bad target is refused naming its field and the rule.</summary>
public sealed class NotificationSettingsRulesTests
{
    private const string Secret = "sixteen-chars-ok";

    private static IReadOnlyList<string> Errors(params NotificationTarget[] targets) =>
        JobOptionsRules.Check(new JobOptions { Notifications = new NotificationSettings { Targets = targets } }).Select(e => e.ToString()).ToList();

    [Fact]
    public void Good_webhook_and_email_targets_pass()
    {
        Assert.Empty(Errors(
            NotificationTarget.ForWebhook(new Uri("https://hooks.example.com/render"), Secret),
            NotificationTarget.ForWebhook(new Uri("http://127.0.0.1:8080/"), Secret, NotificationEvent.Failed),
            NotificationTarget.ForEmail("ana@studio.example", NotificationEvent.Completed, NotificationEvent.DeadlineAtRisk)));
        Assert.Empty(JobOptionsRules.Check(new JobOptions()));
    }

    [Fact]
    public void A_webhook_must_be_an_absolute_http_address_with_a_long_enough_secret()
    {
        Assert.Equal(
        [
            "options.notifications.targets[0].webhook: must be an absolute http or https address",
            "options.notifications.targets[1].webhook: must be an absolute http or https address",
            "options.notifications.targets[2].secret: must be 16 to 256 characters without control characters",
            "options.notifications.targets[3].secret: must be 16 to 256 characters without control characters",
        ], Errors(
            NotificationTarget.ForWebhook(new Uri("/relative", UriKind.Relative), Secret),
            NotificationTarget.ForWebhook(new Uri("ftp://example.com/x"), Secret),
            NotificationTarget.ForWebhook(new Uri("https://example.com/x"), "short"),
            new NotificationTarget { Webhook = new Uri("https://example.com/x") }));
    }

    [Fact]
    public void An_email_target_must_be_one_bare_address()
    {
        Assert.Equal(
        [
            "options.notifications.targets[0].email: must be one e-mail address (name@domain)",
            "options.notifications.targets[1].email: must be one e-mail address (name@domain)",
            "options.notifications.targets[2].email: must be one e-mail address (name@domain)",
            "options.notifications.targets[3].secret: is for webhooks only",
        ], Errors(
            NotificationTarget.ForEmail("not an address"),
            NotificationTarget.ForEmail("Ana <ana@studio.example>"),
            NotificationTarget.ForEmail("ana@studio.example, bob@studio.example"),
            new NotificationTarget { Email = "ana@studio.example", Secret = Secret }));
    }

    [Fact]
    public void A_target_names_exactly_one_kind_and_known_events()
    {
        Assert.Equal(
        [
            "options.notifications.targets[0]: must name either a webhook or an email address",
            "options.notifications.targets[1]: must name either a webhook or an email address",
            "options.notifications.targets[2].events: must each be completed, failed, heldAtCap or deadlineAtRisk (one is 9)",
        ], Errors(
            new NotificationTarget(),
            new NotificationTarget { Webhook = new Uri("https://example.com/x"), Secret = Secret, Email = "ana@studio.example" },
            NotificationTarget.ForEmail("ana@studio.example", (NotificationEvent)9)));
    }

    [Fact]
    public void At_most_ten_targets()
    {
        var errors = Errors([.. Enumerable.Range(0, 11).Select(i => NotificationTarget.ForEmail($"user{i}@studio.example"))]);

        Assert.Equal(["options.notifications.targets: must list at most 10 targets (lists 11)"], errors);
    }

    [Fact]
    public void A_target_is_shown_without_its_secret()
    {
        var target = NotificationTarget.ForWebhook(new Uri("https://hooks.example.com/render?token=abc"), Secret);

        Assert.Equal("webhook https://hooks.example.com/render", target.ToString());
        Assert.DoesNotContain(Secret, target.ToString());
        Assert.Equal("email ana@studio.example", NotificationTarget.ForEmail("ana@studio.example").Describe());
    }
}
