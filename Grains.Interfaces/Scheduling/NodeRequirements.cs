namespace RenderFarm.Scheduling;

/// <summary>What a node must bring to take a job's work; the scheduler's capability filter reads it.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.NodeRequirements")]
public sealed record NodeRequirements
{
    public static readonly NodeRequirements None = new();

    [Id(0)] public bool Gpu { get; init; }
    [Id(1)] public int MinCores { get; init; }
    [Id(2)] public long MinMemoryBytes { get; init; }
}
