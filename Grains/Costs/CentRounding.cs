namespace RenderFarm.Costs;

/// <summary>
/// Rounds a bill's exact amounts to cents so that the rounded lines add up to the rounded total: each
/// line is rounded down, and the cents left over go to the lines that lost the most (largest remainder).
/// </summary>
public static class CentRounding
{
    public static decimal ToCents(decimal exact) => Math.Round(exact, 2, MidpointRounding.AwayFromZero);

    public static IReadOnlyList<decimal> Allocate(IReadOnlyList<decimal> exact)
    {
        if (exact.Count == 0)
            return [];
        var totalCents = (long)(ToCents(exact.Sum()) * 100m);
        var floors = exact.Select(e => (long)Math.Floor(e * 100m)).ToArray();
        var left = totalCents - floors.Sum();
        var order = Enumerable.Range(0, exact.Count)
            .OrderByDescending(i => exact[i] * 100m - floors[i])
            .ThenBy(i => i)
            .ToList();
        // Negative amounts (none on a bill today) would leave fewer cents than lines: take them back likewise.
        for (var k = 0; left != 0 && k < order.Count * 2; k++)
        {
            var i = order[k % order.Count];
            floors[i] += Math.Sign(left);
            left -= Math.Sign(left);
        }
        return floors.Select(c => c / 100m).ToList();
    }
}
