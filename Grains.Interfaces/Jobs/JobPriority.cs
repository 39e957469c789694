namespace RenderFarm.Jobs;

/// <summary>Priority class: every chunk of a higher class is dispatched before any chunk of a lower one.</summary>
[GenerateSerializer, Alias("RenderFarm.JobPriority")]
public enum JobPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}
