using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RenderFarm.Scaling.Azure;

/// <summary>
/// Spot prices from Azure's unauthenticated Retail Prices API: the Linux spot meters of the sizes in a
/// region (Windows meters carry the licence and are left out), the newest of each, following its pages.
/// </summary>
internal sealed class AzureRetailPrices(HttpClient http, string baseUrl, TimeProvider time)
{
    /// <summary>A answer of more pages than this is cut short rather than followed forever.</summary>
    public const int MaxPages = 20;

    public async Task<IReadOnlyList<SpotPriceQuote>> GetAsync(string region, IReadOnlyCollection<string> sizes, CancellationToken cancellationToken)
    {
        if (sizes.Count == 0)
            return [];
        var skus = string.Join(" or ", sizes.Select(s => $"armSkuName eq '{Quote(s)}'"));
        var filter = $"serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and armRegionName eq '{Quote(region)}' and ({skus}) and contains(skuName, 'Spot')";
        string? next = $"{baseUrl}?$filter={Uri.EscapeDataString(filter)}";
        var items = new List<RetailMeter>();
        for (var page = 0; next is not null && page < MaxPages; page++)
        {
            var answer = await http.GetFromJsonAsync<RetailPricePage>(next, cancellationToken)
                ?? throw new JsonException("the answer is null");
            items.AddRange(answer.Items ?? []);
            next = string.IsNullOrEmpty(answer.NextPageLink) ? null : answer.NextPageLink;
        }
        var now = time.GetUtcNow();
        return items
            .Where(i => i.ArmSkuName is not null && sizes.Contains(i.ArmSkuName, StringComparer.OrdinalIgnoreCase)
                && string.Equals(i.ArmRegionName, region, StringComparison.OrdinalIgnoreCase)
                && i.SkuName?.EndsWith(" Spot", StringComparison.Ordinal) == true
                && i.ProductName?.Contains("Windows", StringComparison.OrdinalIgnoreCase) != true
                && i.UnitOfMeasure == "1 Hour"
                && (i.EffectiveStartDate is null || i.EffectiveStartDate <= now))
            .GroupBy(i => i.ArmSkuName!, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderByDescending(i => i.EffectiveStartDate).ThenBy(i => i.RetailPrice).First())
            .Select(i => new SpotPriceQuote(region, sizes.First(s => s.Equals(i.ArmSkuName, StringComparison.OrdinalIgnoreCase)), null, i.RetailPrice, i.EffectiveStartDate ?? now))
            .ToList();
    }

    // OData doubles a quote inside a string literal.
    private static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private sealed record RetailPricePage(
        [property: JsonPropertyName("Items")] List<RetailMeter>? Items,
        [property: JsonPropertyName("NextPageLink")] string? NextPageLink);

    private sealed record RetailMeter(
        [property: JsonPropertyName("armRegionName")] string? ArmRegionName,
        [property: JsonPropertyName("armSkuName")] string? ArmSkuName,
        [property: JsonPropertyName("skuName")] string? SkuName,
        [property: JsonPropertyName("productName")] string? ProductName,
        [property: JsonPropertyName("unitOfMeasure")] string? UnitOfMeasure,
        [property: JsonPropertyName("retailPrice")] decimal RetailPrice,
        [property: JsonPropertyName("effectiveStartDate")] DateTimeOffset? EffectiveStartDate);
}
