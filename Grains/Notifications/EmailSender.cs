using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace RenderFarm.Notifications;

/// <summary>Sends a delivery as a plain-text e-mail through the farm's SMTP server (<see cref="SmtpOptions"/>).</summary>
public sealed class EmailSender(IOptions<NotificationOptions> options)
{
    private readonly SmtpOptions smtp = options.Value.Smtp;

    public async Task<DeliveryOutcome> SendAsync(NotificationTarget target, JobNotice notice, string deliveryId, CancellationToken cancellationToken)
    {
        if (smtp.Host is not { Length: > 0 } host)
            return DeliveryOutcome.NotTaken("no mail server is set up (Notifications:Smtp:Host)");
        var message = NotificationEmail.Compose(notice, deliveryId, smtp.From!, target.Email!);
        using var client = new SmtpClient();
        try
        {
            var security = !smtp.UseTls ? SecureSocketOptions.None
                : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
                : SecureSocketOptions.StartTlsWhenAvailable;
            await client.ConnectAsync(host, smtp.Port, security, cancellationToken);
            if (smtp.UserName is { Length: > 0 } user)
                await client.AuthenticateAsync(user, smtp.Password ?? "", cancellationToken);
            var answer = await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryOutcome.Taken($"SMTP accepted: {Trim(answer)}");
        }
        catch (SmtpCommandException e)
        {
            return DeliveryOutcome.NotTaken($"SMTP {(int)e.StatusCode}: {Trim(e.Message)}");
        }
        catch (Exception e) when (e is SmtpProtocolException or AuthenticationException or SslHandshakeException or ServiceNotConnectedException
            or System.Net.Sockets.SocketException or IOException)
        {
            return DeliveryOutcome.NotTaken($"SMTP: {Trim(e.Message)}");
        }
    }

    private static string Trim(string text) => text.Length > 200 ? text[..200] : text.Trim();
}
