using System.Net.Mail;
using RenderFarm.Timelines;

namespace RenderFarm.Notifications;

/// <summary>The rules notification settings keep, reported like every other field error (field: rule).</summary>
public static class NotificationSettingsRules
{
    public const int MaxTargets = 10;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;
    public const int MaxAddressLength = 2000;

    /// <summary>Every problem of <paramref name="settings"/>, each field named under <paramref name="field"/> (<c>options.notifications</c>).</summary>
    public static IReadOnlyList<ValidationError> Check(NotificationSettings? settings, string field)
    {
        if (settings is null)
            return [];
        if (settings.Targets is null)
            return [new ValidationError($"{field}.targets", "is required (empty for none)")];
        var errors = new List<ValidationError>();
        if (settings.Targets.Count > MaxTargets)
            errors.Add(new ValidationError($"{field}.targets", $"must list at most {MaxTargets} targets (lists {settings.Targets.Count})"));
        for (var i = 0; i < settings.Targets.Count; i++)
            CheckTarget(settings.Targets[i], $"{field}.targets[{i}]", errors);
        return errors;
    }

    private static void CheckTarget(NotificationTarget? target, string field, List<ValidationError> errors)
    {
        if (target is null)
        {
            errors.Add(new ValidationError(field, "is required"));
            return;
        }
        if ((target.Webhook is null) == (target.Email is null))
        {
            errors.Add(new ValidationError(field, "must name either a webhook or an email address"));
            return;
        }
        if (target.Webhook is { } webhook)
        {
            if (!webhook.IsAbsoluteUri || webhook.Scheme is not ("https" or "http"))
                errors.Add(new ValidationError($"{field}.webhook", "must be an absolute http or https address"));
            else if (webhook.OriginalString.Length > MaxAddressLength)
                errors.Add(new ValidationError($"{field}.webhook", $"must be at most {MaxAddressLength} characters"));
            else if (webhook.UserInfo.Length > 0)
                errors.Add(new ValidationError($"{field}.webhook", "must not hold a user name or password (the secret signs each delivery)"));
            if (target.Secret is not { Length: >= MinSecretLength and <= MaxSecretLength } || target.Secret.Any(char.IsControl))
                errors.Add(new ValidationError($"{field}.secret", $"must be {MinSecretLength} to {MaxSecretLength} characters without control characters"));
        }
        else
        {
            if (target.Secret is not null)
                errors.Add(new ValidationError($"{field}.secret", "is for webhooks only"));
            if (!IsEmailAddress(target.Email!))
                errors.Add(new ValidationError($"{field}.email", "must be one e-mail address (name@domain)"));
        }
        if (target.Events is null)
            errors.Add(new ValidationError($"{field}.events", "is required (empty for every event)"));
        else if (target.Events.Where(e => !Enum.IsDefined(e)).Select(e => (int?)e).FirstOrDefault() is { } unknown)
            errors.Add(new ValidationError($"{field}.events", $"must each be completed, failed, heldAtCap or deadlineAtRisk (one is {unknown})"));
    }

    private static bool IsEmailAddress(string address)
    {
        if (address.Length is 0 or > 254 || address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            return false;
        // MailAddress also takes "Name <a@b>" and lists: only a bare address that it reads back unchanged passes.
        return MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && parsed.DisplayName.Length == 0;
    }
}
