using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>An estimate, or every problem of the timeline or options that prevents one.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.EstimateResult")]
public sealed record EstimateResult(
    [property: Id(0)] CostEstimate? Estimate,
    [property: Id(1)] IReadOnlyList<ValidationError> Errors)
{
    public static EstimateResult Of(CostEstimate estimate) => new(estimate, []);
    public static EstimateResult Refused(IReadOnlyList<ValidationError> errors) => new(null, errors);
}
