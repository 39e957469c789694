using RenderFarm.Notifications;

namespace RenderFarm.Tests.Notifications;

/// <summary>A silo whose notification settings could not work refuses to start and names each key.</summary>
public sealed class NotificationOptionsTests
{
    private static IEnumerable<string> Failures(NotificationOptions options) =>
        new NotificationOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void The_defaults_pass()
    {
        Assert.Empty(Failures(new NotificationOptions()));
        Assert.Equal((6, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), (new NotificationOptions().MaxAttempts, new NotificationOptions().FirstRetryDelay, new NotificationOptions().Timeout));
    }

    [Fact]
    public void Each_key_out_of_range_is_named()
    {
        var failures = Failures(new NotificationOptions
        {
            MaxAttempts = 0,
            FirstRetryDelay = TimeSpan.FromSeconds(30),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.Zero,
            ReminderPeriod = TimeSpan.FromSeconds(5),
            Smtp = new SmtpOptions { Host = "mail.example", Port = 0, From = "not an address", UserName = "farm" },
        });

        Assert.Equal(
        [
            "Notifications:MaxAttempts must be 1 to 100 (was 0)",
            "Notifications:MaxRetryDelay must be at least FirstRetryDelay (was 00:00:05)",
            "Notifications:Timeout must be positive and at most 5 minutes (was 00:00:00)",
            "Notifications:ReminderPeriod must be at least a minute, the shortest reminder period (was 00:00:05)",
            "Notifications:Smtp:Port must be 1 to 65535 (was 0)",
            "Notifications:Smtp:From must be an e-mail address when Smtp:Host is set (was 'not an address')",
            "Notifications:Smtp:Password is required with Smtp:UserName (or Smtp:Password_FILE)",
        ], failures);
    }
}
