using Microsoft.Extensions.Options;

namespace RenderFarm.Costs;

/// <summary>The silo's price catalogue (defaults plus the configured file) and this node's entry in it.</summary>
public sealed class PriceBook
{
    public PriceBook(IOptions<CostOptions> options)
    {
        var settings = options.Value;
        Catalogue = settings.CatalogueFile is { } file ? PriceCatalogue.Defaults.With(PriceCatalogueFile.Read(file)) : PriceCatalogue.Defaults;
        ThisNode = Catalogue.Find(settings.Instance)
            ?? throw new OptionsValidationException(CostOptions.SectionName, typeof(CostOptions), [$"{CostOptions.SectionName}:{nameof(CostOptions.Instance)} is not in the price catalogue (was {settings.Instance})"]);
        UserMonthlyCaps = settings.UserMonthlyCaps;
        ClusterMaxCostPerHour = settings.ClusterMaxCostPerHour;
    }

    public PriceCatalogue Catalogue { get; }

    public InstancePrice ThisNode { get; }

    public IReadOnlyDictionary<string, decimal> UserMonthlyCaps { get; }

    public decimal? ClusterMaxCostPerHour { get; }
}
