namespace RenderFarm.Jobs;

/// <summary>
/// Priority class: work of a higher class is dispatched before work of a lower one. Waiting work rises
/// one class for every ageing step since its job was submitted, up to <see cref="High"/>, so that low
/// priority never starves; <see cref="Urgent"/> is only ever the class a job was given.
/// </summary>
[GenerateSerializer, Alias("RenderFarm.JobPriority")]
public enum JobPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}
