using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>A chunk that is not finished yet, and where its latest attempt runs, if anywhere.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.UnfinishedChunk")]
public sealed record UnfinishedChunk(
    [property: Id(0)] ChunkWork Work,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string? RunningOn);

/// <summary>What a scheduler needs from a job to rebuild its queue.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobSchedulingView")]
public sealed record JobSchedulingView(
    [property: Id(0)] JobTicket Ticket,
    [property: Id(1)] IReadOnlyList<UnfinishedChunk> Chunks);
