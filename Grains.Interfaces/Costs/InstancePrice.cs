namespace RenderFarm.Costs;

/// <summary>
/// One entry of the price catalogue: a machine type of a provider in a region, bought one way, its
/// hourly price, how the provider bills it and what it brings. A node knows its entry and is billed by it.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.InstancePrice")]
public sealed record InstancePrice
{
    /// <summary>aws, gcp, azure or local.</summary>
    [Id(0)] public string Provider { get; init; } = "local";
    [Id(1)] public string Region { get; init; } = "local";
    [Id(2)] public string InstanceType { get; init; } = "machine";
    [Id(3)] public PricingModel Pricing { get; init; }
    /// <summary>The price of the whole machine for an hour, in <see cref="Currency"/>.</summary>
    [Id(4)] public decimal HourlyPrice { get; init; }
    [Id(5)] public string Currency { get; init; } = "USD";
    [Id(6)] public BillingRule Billing { get; init; } = BillingRule.PerSecond;
    [Id(7)] public int Cores { get; init; }
    [Id(8)] public double MemoryGiB { get; init; }
    /// <summary>The GPU model, null for none.</summary>
    [Id(9)] public string? Gpu { get; init; }
    [Id(10)] public int GpuCount { get; init; }

    /// <summary>A machine of a local farm whose time costs nothing.</summary>
    public static readonly InstancePrice LocalFree = new();

    /// <summary>provider/region/instance-type/pricing, e.g. <c>aws/us-east-1/g4dn.xlarge/spot</c>.</summary>
    public string Key => KeyOf(Provider, Region, InstanceType, Pricing);

    public static string KeyOf(string provider, string region, string instanceType, PricingModel pricing) =>
        $"{provider}/{region}/{instanceType}/{PricingName(pricing)}";

    public static string PricingName(PricingModel pricing) => pricing == PricingModel.Spot ? "spot" : "on-demand";

    public override string ToString() => $"{Key} at {HourlyPrice} {Currency}/h";
}
