namespace RenderFarm.Notifications;

[GenerateSerializer, Alias("RenderFarm.UserNotificationsState")]
public sealed class UserNotificationsState
{
    [Id(0)] public NotificationSettings Settings { get; set; } = NotificationSettings.None;
}
