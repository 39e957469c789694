using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

[GenerateSerializer, Immutable, Alias("RenderFarm.JobSubmission")]
public sealed record JobSubmission([property: Id(0)] Timeline Timeline, [property: Id(1)] JobOptions Options);
