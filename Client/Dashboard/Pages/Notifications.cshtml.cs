using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Client;
using RenderFarm.Notifications;

namespace RenderFarm.Dashboard.Pages;

/// <summary>The signed-in user's own notification settings: where word of their jobs goes (webhooks, e-mail) and for which events.</summary>
public sealed class NotificationsModel(IRenderFarm farm) : PageModel
{
    public NotificationSettings Settings { get; private set; } = NotificationSettings.None;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Settings = await farm.GetMyNotificationsAsync(cancellationToken);

    public Task<IActionResult> OnPostAddWebhookAsync(string? url, string? secret, NotificationEvent[]? events, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var webhook))
            return Task.FromResult(this.Problem($"url must be an absolute http or https address (was '{url}')"));
        return ChangeAsync(targets => [.. targets, NotificationTarget.ForWebhook(webhook, secret ?? "", events ?? [])], "The webhook is added.", cancellationToken);
    }

    public Task<IActionResult> OnPostAddEmailAsync(string? address, NotificationEvent[]? events, CancellationToken cancellationToken) =>
        ChangeAsync(targets => [.. targets, NotificationTarget.ForEmail(address ?? "", events ?? [])], "The address is added.", cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(int index, CancellationToken cancellationToken) =>
        ChangeAsync(targets => index >= 0 && index < targets.Count ? [.. targets.Where((_, i) => i != index)] : throw new ArgumentException($"index: there is no target {index}"),
            "The target is removed.", cancellationToken);

    private Task<IActionResult> ChangeAsync(Func<IReadOnlyList<NotificationTarget>, IReadOnlyList<NotificationTarget>> change, string done, CancellationToken cancellationToken) =>
        this.FarmActionAsync(async () =>
        {
            var current = await farm.GetMyNotificationsAsync(cancellationToken);
            await farm.SetMyNotificationsAsync(current with { Targets = change(current.Targets) }, cancellationToken);
        }, done);
}
