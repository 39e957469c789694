namespace RenderFarm.Notifications;

/// <summary>Where a user's or a job's notifications go (<see cref="NotificationSettingsRules"/> says what is accepted).</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.NotificationSettings")]
public sealed record NotificationSettings
{
    public static NotificationSettings None { get; } = new();

    [Id(0)] public IReadOnlyList<NotificationTarget> Targets { get; init; } = [];
}
