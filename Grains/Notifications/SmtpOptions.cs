namespace RenderFarm.Notifications;

/// <summary>The mail server notifications are sent through (configuration section <c>Notifications:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>TLS when the server offers it (STARTTLS), or from the start on port 465; false for plain SMTP on a trusted network.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>Log in as this user when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender of every notification e-mail.</summary>
    public string? From { get; set; }
}
