using Microsoft.Extensions.Options;

namespace RenderFarm.Notifications;

/// <summary>How notifications are delivered (configuration section <c>Notifications</c>): tries, their spacing and the mail server.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Tries per delivery, the first included; then it is given up.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed try; each later wait doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one try (a webhook's answer, a whole SMTP session) may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a reminder wakes the notifications of a job with deliveries still due, should its
    /// activation have gone (a silo died): the tries themselves run on a timer at their own times.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether webhooks may point into the farm's own network (loopback, private and link-local addresses):
    /// off, so that a user's webhook cannot reach the farm's services or a cloud's metadata endpoint.
    /// </summary>
    public bool AllowPrivateWebhooks { get; set; }

    /// <summary>The mail server; without a host, e-mail targets are given up with a reason.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Checks the "Notifications" section when the silo starts; each message names the key and the rule.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    private const string Section = NotificationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 100)
            failures.Add($"{Section}:{nameof(NotificationOptions.MaxAttempts)} must be 1 to 100 (was {options.MaxAttempts})");
        if (options.FirstRetryDelay <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(NotificationOptions.FirstRetryDelay)} must be positive (was {options.FirstRetryDelay})");
        if (options.MaxRetryDelay < options.FirstRetryDelay)
            failures.Add($"{Section}:{nameof(NotificationOptions.MaxRetryDelay)} must be at least {nameof(NotificationOptions.FirstRetryDelay)} (was {options.MaxRetryDelay})");
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
            failures.Add($"{Section}:{nameof(NotificationOptions.Timeout)} must be positive and at most 5 minutes (was {options.Timeout})");
        if (options.ReminderPeriod < TimeSpan.FromMinutes(1))
            failures.Add($"{Section}:{nameof(NotificationOptions.ReminderPeriod)} must be at least a minute, the shortest reminder period (was {options.ReminderPeriod})");
        var smtp = options.Smtp;
        if (smtp.Host is { Length: > 0 })
        {
            if (smtp.Port is < 1 or > 65535)
                failures.Add($"{Section}:Smtp:{nameof(SmtpOptions.Port)} must be 1 to 65535 (was {smtp.Port})");
            if (smtp.From is not { Length: > 0 } || !System.Net.Mail.MailAddress.TryCreate(smtp.From, out _))
                failures.Add($"{Section}:Smtp:{nameof(SmtpOptions.From)} must be an e-mail address when Smtp:Host is set (was '{smtp.From}')");
            if (smtp.UserName is { Length: > 0 } && smtp.Password is not { Length: > 0 })
                failures.Add($"{Section}:Smtp:{nameof(SmtpOptions.Password)} is required with Smtp:UserName (or Smtp:Password_FILE)");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
