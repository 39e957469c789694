namespace RenderFarm.Scaling;

/// <summary>
/// How long an offer a provider refused waits before it is tried again: a short wait doubling for a
/// provider that throttled or failed, longer for no capacity or quota (it rarely comes back within
/// minutes), an hour for credentials or a request that is wrong (an operator must act).
/// </summary>
public static class OfferBackoffRule
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(30);

    public static TimeSpan For(ProviderErrorReason reason, int refusalsInARow)
    {
        var first = reason switch
        {
            ProviderErrorReason.Throttled or ProviderErrorReason.Unavailable => TimeSpan.FromSeconds(30),
            ProviderErrorReason.Capacity or ProviderErrorReason.Quota => TimeSpan.FromMinutes(5),
            _ => TimeSpan.FromHours(1),
        };
        if (reason is ProviderErrorReason.Auth or ProviderErrorReason.BadRequest)
            return first;
        var doubled = first * Math.Pow(2, Math.Clamp(refusalsInARow - 1, 0, 10));
        return doubled < Longest ? doubled : Longest;
    }
}
