namespace RenderFarm.Notifications;

/// <summary>
/// Where a client reads and changes its user's notification settings (key 0). The access rules give every
/// call the caller's own user: a user may name only themselves, an operator anyone; unnamed, the caller.
/// </summary>
[Alias("RenderFarm.INotificationSettingsGrain")]
public interface INotificationSettingsGrain : IGrainWithIntegerKey
{
    [Alias("Get")] Task<NotificationSettings> GetAsync(string? user);

    [Alias("Set")] Task SetAsync(string? user, NotificationSettings settings);
}
