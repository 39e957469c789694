namespace RenderFarm.Costs;

/// <summary>
/// What a piece of work is billed at: its machine's price shared among the machine's slots (a chunk
/// on a node of four render slots and its assembly slot pays a fifth of the machine), under the
/// machine's billing rule.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.SlotPrice")]
public sealed record SlotPrice(
    [property: Id(0)] string Instance,
    [property: Id(1)] decimal HourlyPrice,
    [property: Id(2)] int Slots,
    [property: Id(3)] BillingRule Billing,
    [property: Id(4)] string Currency = "USD")
{
    public static readonly SlotPrice Free = new(InstancePrice.LocalFree.Key, 0m, 1, BillingRule.PerSecond);

    public static SlotPrice Of(InstancePrice machine, int slots) =>
        new(machine.Key, machine.HourlyPrice, Math.Max(1, slots), machine.Billing, machine.Currency);

    /// <summary>The price of one slot for an hour.</summary>
    /// <remarks>Slots counts every slot the machine's price is shared by.</remarks>
    public decimal HourlySlotPrice => HourlyPrice / Slots;
}
