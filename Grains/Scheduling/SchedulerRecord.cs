namespace RenderFarm.Scheduling;

/// <summary>What the scheduler stores: which jobs are active, and whether the pool is paused. Everything else is rebuilt from the jobs and the nodes.</summary>
[GenerateSerializer, Alias("RenderFarm.SchedulerRecord")]
public sealed class SchedulerRecord
{
    [Id(0)] public Dictionary<Guid, JobTicket> Jobs { get; set; } = [];
    [Id(1)] public bool Paused { get; set; }
}
