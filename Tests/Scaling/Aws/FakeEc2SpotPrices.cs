namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>The spot price history the fake publishes, as a test sets it.</summary>
public sealed class FakeEc2SpotPrices
{
    private readonly Lock gate = new();
    private readonly List<FakeEc2SpotPrice> history = [];

    /// <summary>A price (as EC2 writes it, e.g. "0.157800") of a type in a zone from <paramref name="at"/> on.</summary>
    public void Set(string instanceType, string zone, string price, DateTimeOffset at, string product = "Linux/UNIX")
    {
        lock (gate)
            history.Add(new FakeEc2SpotPrice(instanceType, zone, product, price, at));
    }

    /// <summary>
    /// What DescribeSpotPriceHistory answers: with a start time, the price each type had in each zone then
    /// and any set after it; without, the whole history. Newest first, as EC2 lists them.
    /// </summary>
    internal IReadOnlyList<FakeEc2SpotPrice> Select(IReadOnlyCollection<string> types, IReadOnlyCollection<string> products, DateTimeOffset? start)
    {
        lock (gate)
        {
            var matching = history.Where(p => (types.Count == 0 || types.Contains(p.InstanceType)) && (products.Count == 0 || products.Contains(p.Product)));
            if (start is { } from)
                matching = matching.GroupBy(p => (p.InstanceType, p.Zone, p.Product))
                    .SelectMany(g => g.Where(p => p.At > from).Concat(g.Where(p => p.At <= from).OrderByDescending(p => p.At).Take(1)));
            return matching.OrderByDescending(p => p.At).ToList();
        }
    }
}

public sealed record FakeEc2SpotPrice(string InstanceType, string Zone, string Product, string Price, DateTimeOffset At);
