using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RenderFarm.Notifications;

public static class NotificationServiceExtensions
{
    /// <summary>Webhook and e-mail delivery of job notifications (section <c>Notifications</c>).</summary>
    public static IServiceCollection AddRenderFarmNotifications(this IServiceCollection services, IConfiguration? configuration)
    {
        var options = services.AddOptions<NotificationOptions>().ValidateOnStart();
        if (configuration is not null)
            options.Bind(configuration.GetSection(NotificationOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        // A webhook answers for itself: a redirect is not followed (it would turn the POST into a GET), it counts as not taken.
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var allowPrivate = provider.GetRequiredService<IOptions<NotificationOptions>>().Value.AllowPrivateWebhooks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    ConnectCallback = (context, cancellationToken) => WebhookAddresses.ConnectAsync(context, allowPrivate, cancellationToken),
                };
            });
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<EmailSender>();
        services.TryAddSingleton<INotificationSender, NotificationSender>();
        return services;
    }
}
