using System.Text.Json;
using System.Text.Json.Serialization;
using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>
/// Reads a price catalogue file (format in docs/costs.md, example: Grains/Costs/default-prices.json):
/// <c>{ "instances": [ { "provider", "region", "instanceType", "cores", "memoryGiB", "gpu", "gpuCount",
/// "currency", "billing": { "incrementSeconds", "minimumSeconds" }, "prices": { "on-demand": 0.526, "spot": 0.21 } } ] }</c>,
/// one entry per price. A file that breaks a rule is refused with every field at fault named.
/// </summary>
public static class PriceCatalogueFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly IReadOnlyDictionary<string, PricingModel> PricingNames = new Dictionary<string, PricingModel>(StringComparer.OrdinalIgnoreCase)
    {
        ["on-demand"] = PricingModel.OnDemand,
        ["spot"] = PricingModel.Spot,
        ["preemptible"] = PricingModel.Spot,
    };

    private static readonly HashSet<string> Providers = new(StringComparer.Ordinal) { "aws", "gcp", "azure", "local" };

    public static IReadOnlyList<InstancePrice> ReadDefaults()
    {
        using var stream = typeof(PriceCatalogueFile).Assembly.GetManifestResourceStream("RenderFarm.Costs.default-prices.json")
            ?? throw new InvalidOperationException("the default price catalogue is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static IReadOnlyList<InstancePrice> Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (TimelineValidationException e)
        {
            throw new TimelineValidationException(e.Errors.Select(error => error with { Field = $"{path}: {error.Field}" }).ToList());
        }
    }

    /// <exception cref="TimelineValidationException">The text breaks the format; every error names its field.</exception>
    public static IReadOnlyList<InstancePrice> Parse(string json)
    {
        CatalogueDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CatalogueDocument>(json, Json);
        }
        catch (JsonException e)
        {
            throw new TimelineValidationException([new ValidationError(e.Path is { Length: > 1 } path ? path[2..] : "catalogue", $"is not valid: {e.Message.Split(" Path:")[0]}")]);
        }
        var errors = new List<ValidationError>();
        var prices = new List<InstancePrice>();
        var instances = document?.Instances ?? [];
        if (instances.Count == 0)
            errors.Add(new ValidationError("instances", "must list at least one machine type"));
        for (var i = 0; i < instances.Count; i++)
            prices.AddRange(Entries(instances[i], $"instances[{i}]", errors));
        var duplicate = prices.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            errors.Add(new ValidationError("instances", $"list {duplicate.Key} more than once"));
        if (errors.Count > 0)
            throw new TimelineValidationException(errors);
        return prices;
    }

    private static IEnumerable<InstancePrice> Entries(InstanceDocument instance, string field, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (instance.Provider is null || !Providers.Contains(instance.Provider))
            errors.Add(new ValidationError($"{field}.provider", $"must be one of {string.Join(", ", Providers)} (was {instance.Provider ?? "missing"})"));
        if (string.IsNullOrWhiteSpace(instance.Region) || instance.Region.Contains('/'))
            errors.Add(new ValidationError($"{field}.region", "must be set, without '/'"));
        if (string.IsNullOrWhiteSpace(instance.InstanceType) || instance.InstanceType.Contains('/'))
            errors.Add(new ValidationError($"{field}.instanceType", "must be set, without '/'"));
        if (instance.Cores < 0)
            errors.Add(new ValidationError($"{field}.cores", "must be ≥ 0"));
        if (instance.MemoryGiB < 0)
            errors.Add(new ValidationError($"{field}.memoryGiB", "must be ≥ 0"));
        var billing = instance.Billing ?? new BillingDocument();
        if (billing.IncrementSeconds is < 1 or > 3600)
            errors.Add(new ValidationError($"{field}.billing.incrementSeconds", $"must be between 1 and 3600 (was {billing.IncrementSeconds})"));
        if (billing.MinimumSeconds is < 0 or > 86400)
            errors.Add(new ValidationError($"{field}.billing.minimumSeconds", $"must be between 0 and 86400 (was {billing.MinimumSeconds})"));
        if (instance.Currency is not { Length: 3 } || !instance.Currency.All(char.IsAsciiLetterUpper))
            errors.Add(new ValidationError($"{field}.currency", $"must be a three-letter ISO 4217 code such as USD (was {instance.Currency})"));
        var prices = instance.Prices ?? [];
        if (prices.Count == 0)
            errors.Add(new ValidationError($"{field}.prices", "must give at least one price (on-demand, spot)"));
        var models = new List<(PricingModel Model, decimal Price)>();
        foreach (var (name, price) in prices)
        {
            if (!PricingNames.TryGetValue(name, out var model))
                errors.Add(new ValidationError($"{field}.prices.{name}", "is not a pricing model (on-demand, spot, preemptible)"));
            else if (price is < 0 or > 10_000)
                errors.Add(new ValidationError($"{field}.prices.{name}", $"must be an hourly price between 0 and 10000 (was {price})"));
            else
                models.Add((model, price));
        }
        if (errors.Count > before)
            return [];
        return models.Select(m => new InstancePrice
        {
            Provider = instance.Provider!,
            Region = instance.Region!,
            InstanceType = instance.InstanceType!,
            Pricing = m.Model,
            HourlyPrice = m.Price,
            Currency = instance.Currency!,
            Billing = new BillingRule(billing.IncrementSeconds, billing.MinimumSeconds),
            Cores = instance.Cores,
            MemoryGiB = instance.MemoryGiB,
            Gpu = instance.Gpu,
            GpuCount = instance.GpuCount,
        });
    }

    private sealed class CatalogueDocument
    {
        public string? About { get; set; }
        public List<InstanceDocument>? Instances { get; set; }
    }

    private sealed class InstanceDocument
    {
        public string? Provider { get; set; }
        public string? Region { get; set; }
        public string? InstanceType { get; set; }
        public int Cores { get; set; }
        public double MemoryGiB { get; set; }
        public string? Gpu { get; set; }
        public int GpuCount { get; set; }
        public string? Currency { get; set; } = "USD";
        public BillingDocument? Billing { get; set; }
        public Dictionary<string, decimal>? Prices { get; set; }
    }

    private sealed class BillingDocument
    {
        public int IncrementSeconds { get; set; } = 1;
        public int MinimumSeconds { get; set; }
    }
}
