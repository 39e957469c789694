using Microsoft.Extensions.Options;
using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>What this node costs, the catalogue its price comes from, and the farm's spending caps.</summary>
public sealed class CostOptions
{
    public const string SectionName = "Costs";
    public const string DefaultInstance = "local/local/machine/on-demand";

    /// <summary>A catalogue file (docs/costs.md) whose entries are added to the defaults, replacing those with the same key.</summary>
    public string? CatalogueFile { get; set; }

    /// <summary>This node's catalogue entry, provider/region/instance-type/pricing, e.g. <c>aws/us-east-1/g4dn.xlarge/spot</c>.</summary>
    public string Instance { get; set; } = DefaultInstance;

    /// <summary>Most a user may spend in a calendar month (UTC), by user; a user not listed has no cap.</summary>
    public Dictionary<string, decimal> UserMonthlyCaps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most the pool's machines may cost per hour together (for scaling out); unset for no limit.</summary>
    public decimal? ClusterMaxCostPerHour { get; set; }
}

/// <summary>Refuses a node whose price cannot be known: checked when the silo starts.</summary>
public sealed class CostOptionsValidator : IValidateOptions<CostOptions>
{
    private const string Section = CostOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CostOptions options)
    {
        var failures = new List<string>();
        var catalogue = PriceCatalogue.Defaults;
        if (options.CatalogueFile is { } file)
        {
            if (!File.Exists(file))
                failures.Add($"{Section}:{nameof(CostOptions.CatalogueFile)} must be a readable file (was {file})");
            else
            {
                try
                {
                    catalogue = catalogue.With(PriceCatalogueFile.Read(file));
                }
                catch (TimelineValidationException e)
                {
                    failures.Add($"{Section}:{nameof(CostOptions.CatalogueFile)} is refused: {string.Join("; ", e.Errors)}");
                }
            }
        }
        if (failures.Count == 0 && catalogue.Find(options.Instance) is null)
            failures.Add($"{Section}:{nameof(CostOptions.Instance)} must name an entry of the price catalogue (was {options.Instance}); " +
                         $"known: {string.Join(", ", catalogue.Entries.Select(e => e.Key).Order(StringComparer.Ordinal))}");
        foreach (var (user, cap) in options.UserMonthlyCaps.Where(c => c.Value <= 0))
            failures.Add($"{Section}:{nameof(CostOptions.UserMonthlyCaps)}:{user} must be a positive amount (was {cap})");
        if (options.ClusterMaxCostPerHour is <= 0)
            failures.Add($"{Section}:{nameof(CostOptions.ClusterMaxCostPerHour)} must be a positive amount, or unset for no limit (was {options.ClusterMaxCostPerHour})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
