namespace RenderFarm.Notifications;

/// <summary>What in a job's life is worth telling its user about. Values are stored: new events get new numbers.</summary>
[GenerateSerializer, Alias("RenderFarm.NotificationEvent")]
public enum NotificationEvent
{
    Completed = 0,
    Failed = 1,
    /// <summary>Held at its cost cap: nothing more renders until the cap is raised.</summary>
    HeldAtCap = 2,
    /// <summary>Its deadline outlook turned from on track to late (told once until it is back on track).</summary>
    DeadlineAtRisk = 3,
}
