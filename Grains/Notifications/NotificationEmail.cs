using System.Globalization;
using System.Text;
using MimeKit;

namespace RenderFarm.Notifications;

/// <summary>A notification as a plain-text e-mail: a subject that says what happened to which job, then the facts.</summary>
public static class NotificationEmail
{
    public static string Subject(JobNotice notice) => $"Render job {notice.Name} {notice.Event switch
    {
        NotificationEvent.Completed => "completed",
        NotificationEvent.Failed => "failed",
        NotificationEvent.HeldAtCap => "is held at its cost cap",
        NotificationEvent.DeadlineAtRisk => "may miss its deadline",
        _ => notice.Event.ToString(),
    }}";

    public static string Text(JobNotice notice, string deliveryId)
    {
        var text = new StringBuilder();
        void Line(string label, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } shown)
                text.Append(CultureInfo.InvariantCulture, $"{label,-14}{shown}\n");
        }
        Line("Job:", $"{notice.Name} ({notice.JobId:N})");
        Line("Event:", NotificationBody.EventName(notice.Event));
        Line("State:", notice.State);
        Line("Submitter:", notice.Submitter);
        Line("Project:", notice.Project);
        Line("Output:", notice.OutputPath);
        Line("Error:", notice.Error);
        Line("Cost so far:", string.Create(CultureInfo.InvariantCulture, $"{notice.CostSoFar:0.00} {notice.Currency}").Trim());
        Line("Deadline:", notice.Deadline?.ToString("u", CultureInfo.InvariantCulture));
        Line("Expected end:", notice.ExpectedEnd?.ToString("u", CultureInfo.InvariantCulture));
        Line("At:", notice.OccurredAt.ToString("u", CultureInfo.InvariantCulture));
        Line("Delivery:", deliveryId);
        return text.ToString();
    }

    public static MimeMessage Compose(JobNotice notice, string deliveryId, string from, string to)
    {
        var message = new MimeMessage
        {
            Subject = Subject(notice),
            Body = new TextPart("plain") { Text = Text(notice, deliveryId) },
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add("RenderFarm-Delivery", deliveryId);
        return message;
    }
}
