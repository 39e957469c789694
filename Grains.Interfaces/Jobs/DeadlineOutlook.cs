namespace RenderFarm.Jobs;

/// <summary>Whether a job with a deadline should make it: when it is expected to end, and on what that rests.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.DeadlineOutlook")]
public sealed record DeadlineOutlook(
    [property: Id(0)] DateTimeOffset Deadline,
    [property: Id(1)] DateTimeOffset ExpectedEnd,
    /// <summary>"estimate" (the cost model's, before enough is rendered) or "progress" (the job's own pace so far).</summary>
    [property: Id(2)] string Basis)
{
    public bool OnTrack => ExpectedEnd <= Deadline;
}
