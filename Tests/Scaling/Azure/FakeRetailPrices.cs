using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>One meter of the Retail Prices API, as a test adds it.</summary>
public sealed record FakeRetailPrice(string ArmRegionName, string ArmSkuName, string SkuName, string ProductName, decimal RetailPrice, DateTimeOffset EffectiveStartDate, string Type = "Consumption");

/// <summary>
/// Azure's Retail Prices API at <c>/api/retail/prices</c>, unauthenticated: the meters matching the
/// <c>$filter</c>'s region, sizes, price type and <c>contains(skuName, 'Spot')</c>, in pages of
/// <see cref="FakeArmServer.MaxPageSize"/> followed by <c>NextPageLink</c>.
/// </summary>
internal sealed partial class FakeRetailPrices(FakeArmServer server)
{
    public async Task HandleAsync(HttpContext context)
    {
        server.CountPricesRequest();
        if (server.RetailPricesFailure is { } status)
        {
            await FakeArmHttp.JsonAsync(context, status, new Dictionary<string, object?> { ["Error"] = new Dictionary<string, object?> { ["Code"] = "ServiceUnavailable", ["Message"] = "The fake's prices are down." } });
            return;
        }
        var filter = context.Request.Query["$filter"].ToString();
        var region = Region().Match(filter);
        var skus = Sku().Matches(filter).Select(m => m.Groups["sku"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var type = PriceType().Match(filter);
        var spotOnly = filter.Contains("contains(skuName, 'Spot')", StringComparison.Ordinal);
        if (!region.Success || skus.Count == 0)
        {
            await FakeArmHttp.JsonAsync(context, 400, new Dictionary<string, object?> { ["Error"] = new Dictionary<string, object?> { ["Code"] = "Invalid OData parameters", ["Message"] = $"The fake wants armRegionName and armSkuName in $filter (was '{filter}')." } });
            return;
        }
        var matching = server.RetailPrices
            .Where(p => p.ArmRegionName == region.Groups["region"].Value && skus.Contains(p.ArmSkuName)
                && (!type.Success || p.Type == type.Groups["type"].Value) && (!spotOnly || p.SkuName.Contains("Spot", StringComparison.Ordinal)))
            .ToList();
        var skip = int.TryParse(context.Request.Query["$skip"], out var s) ? s : 0;
        var page = matching.Skip(skip).Take(server.MaxPageSize).ToList();
        string? next = skip + page.Count < matching.Count
            ? $"{server.RetailPricesUrl}?$filter={Uri.EscapeDataString(filter)}&$skip={skip + page.Count}"
            : null;
        await FakeArmHttp.JsonAsync(context, 200, new Dictionary<string, object?>
        {
            ["BillingCurrency"] = "USD",
            ["CustomerEntityId"] = "Default",
            ["CustomerEntityType"] = "Retail",
            ["Items"] = page.Select(p => new Dictionary<string, object?>
            {
                ["currencyCode"] = "USD",
                ["tierMinimumUnits"] = 0.0,
                ["retailPrice"] = p.RetailPrice,
                ["unitPrice"] = p.RetailPrice,
                ["armRegionName"] = p.ArmRegionName,
                ["location"] = "US East",
                ["effectiveStartDate"] = p.EffectiveStartDate.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["meterName"] = p.SkuName,
                ["productName"] = p.ProductName,
                ["skuName"] = p.SkuName,
                ["serviceName"] = "Virtual Machines",
                ["armSkuName"] = p.ArmSkuName,
                ["unitOfMeasure"] = "1 Hour",
                ["type"] = p.Type,
                ["isPrimaryMeterRegion"] = true,
            }).ToList(),
            ["NextPageLink"] = next,
            ["Count"] = page.Count,
        });
    }

    [GeneratedRegex("armRegionName eq '(?<region>[^']+)'")]
    private static partial Regex Region();

    [GeneratedRegex("armSkuName eq '(?<sku>[^']+)'")]
    private static partial Regex Sku();

    [GeneratedRegex("priceType eq '(?<type>[^']+)'")]
    private static partial Regex PriceType();
}
