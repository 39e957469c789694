using Microsoft.Extensions.Logging;

namespace RenderFarm.Notifications;

/// <summary>A user's own notification settings (keyed by user name), read by each of their jobs' notifications when an event happens.</summary>
public sealed class UserNotificationsGrain(
    [PersistentState("user-notifications", RenderFarmNames.Storage)] IPersistentState<UserNotificationsState> state,
    ILogger<UserNotificationsGrain> logger) : Grain, IUserNotificationsGrain
{
    Task<NotificationSettings> IUserNotificationsGrain.GetAsync() => Task.FromResult(state.State.Settings);

    async Task IUserNotificationsGrain.SetAsync(NotificationSettings settings)
    {
        var errors = NotificationSettingsRules.Check(settings ?? throw new ArgumentNullException(nameof(settings)), "notifications");
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), errors[0].Field);
        state.State.Settings = settings;
        await state.WriteStateAsync();
        logger.LogInformation("Notifications of {User} set: {Targets}", this.GetPrimaryKeyString(),
            settings.Targets.Count == 0 ? "none" : string.Join(", ", settings.Targets.Select(t => t.Describe())));
    }
}
