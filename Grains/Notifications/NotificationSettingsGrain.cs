using Orleans.Concurrency;
using RenderFarm.Access;

namespace RenderFarm.Notifications;

/// <summary>
/// The clients' way to their user's settings: the access rules have put the caller's user in the call (a
/// user's claim of another is refused); a call from the farm itself naming nobody acts for its local user.
/// </summary>
[StatelessWorker]
public sealed class NotificationSettingsGrain : Grain, INotificationSettingsGrain
{
    Task<NotificationSettings> INotificationSettingsGrain.GetAsync(string? user) => User(user).GetAsync();

    Task INotificationSettingsGrain.SetAsync(string? user, NotificationSettings settings) => User(user).SetAsync(settings);

    private IUserNotificationsGrain User(string? user) =>
        GrainFactory.GetGrain<IUserNotificationsGrain>(user ?? Caller.Current?.User ?? LocalCaller.Identity.User);
}
