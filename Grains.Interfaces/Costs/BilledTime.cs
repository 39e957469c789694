namespace RenderFarm.Costs;

/// <summary>
/// Billed seconds at one price: what amounts are computed from. Sums of seconds at a price are exact,
/// so a total never drifts with the number of entries; money is computed once per price and rounded
/// to the cent once per bill.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.BilledTime")]
public readonly record struct BilledTime(
    [property: Id(0)] decimal HourlyPrice,
    [property: Id(1)] int Slots,
    [property: Id(2)] long Seconds)
{
    /// <summary>The exact amount (to decimal's 28 digits); round only the bill's figures.</summary>
    public decimal Amount => Seconds == 0 || HourlyPrice == 0 ? 0m : HourlyPrice * Seconds / (3600m * Math.Max(1, Slots));
}
