namespace RenderFarm.Notifications;

/// <summary>A user's own notification settings, applied to every job they submit (keyed by user name). Only the farm's grains call it.</summary>
[Alias("RenderFarm.IUserNotificationsGrain")]
public interface IUserNotificationsGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<NotificationSettings> GetAsync();

    /// <summary>Replaces the settings; ones that break <see cref="NotificationSettingsRules"/> throw <see cref="ArgumentException"/> naming each field.</summary>
    [Alias("Set")] Task SetAsync(NotificationSettings settings);
}
