using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>Either the accepted job's status or every reason it was refused.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.SubmissionResult")]
public sealed record SubmissionResult(
    [property: Id(0)] JobStatus? Status,
    [property: Id(1)] IReadOnlyList<ValidationError> Errors)
{
    public static SubmissionResult Accepted(JobStatus status) => new(status, []);
    public static SubmissionResult Refused(IReadOnlyList<ValidationError> errors) => new(null, errors);
}
