namespace RenderFarm.Scheduling;

/// <summary>What the scheduler persists: only which jobs are active. Everything else is rebuilt from them and the nodes.</summary>
[GenerateSerializer, Alias("RenderFarm.SchedulerRecord")]
public sealed class SchedulerRecord
{
    [Id(0)] public Dictionary<Guid, JobTicket> Jobs { get; set; } = [];
}
