namespace RenderFarm.Costs;

/// <summary>
/// Every machine type the farm knows a price for, by provider, region, instance type and pricing
/// model (<see cref="PriceCatalogueFile"/> reads and documents the format). The defaults ship with the
/// farm; a catalogue file adds entries and replaces those with the same key.
/// </summary>
public sealed class PriceCatalogue
{
    private readonly Dictionary<string, InstancePrice> entries;

    public PriceCatalogue(IEnumerable<InstancePrice> prices)
    {
        entries = new Dictionary<string, InstancePrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var price in prices)
            entries[price.Key] = price;
    }

    /// <summary>The catalogue the farm ships with: a few GPU machine types per cloud, and a local machine at no cost.</summary>
    public static PriceCatalogue Defaults { get; } = new(PriceCatalogueFile.ReadDefaults());

    public IReadOnlyCollection<InstancePrice> Entries => entries.Values;

    public InstancePrice? Find(string key) => entries.GetValueOrDefault(key);

    /// <summary>The same machine bought the other way (spot for on-demand and back), if the catalogue has it.</summary>
    public InstancePrice? Sibling(InstancePrice price, PricingModel pricing) =>
        Find(InstancePrice.KeyOf(price.Provider, price.Region, price.InstanceType, pricing));

    /// <summary>This catalogue with another's entries added, replacing those with the same key.</summary>
    public PriceCatalogue With(IEnumerable<InstancePrice> overrides) => new(entries.Values.Concat(overrides));
}
