using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>
/// What a job persists, written at each change of <see cref="State"/> only. Chunk states live in the
/// chunk grains and are gathered again when a job is activated.
/// </summary>
[GenerateSerializer, Alias("RenderFarm.JobRecord")]
public sealed class JobRecord
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public JobTicket Ticket { get; set; } = null!;
    [Id(2)] public ResolvedTimeline Timeline { get; set; } = null!;
    [Id(3)] public List<FrameRange> Plan { get; set; } = [];
    [Id(4)] public JobState State { get; set; }
    [Id(5)] public DateTimeOffset? StartedAt { get; set; }
    [Id(6)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(7)] public string? AudioPath { get; set; }
    [Id(8)] public string? OutputPath { get; set; }
    [Id(9)] public string? Error { get; set; }
}
