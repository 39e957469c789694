using Microsoft.Extensions.Options;
using RenderFarm.Costs;

namespace RenderFarm.Scaling;

/// <summary>Checks the "Autoscaler" section when the silo starts; each message names the key and the rule.</summary>
public sealed class AutoscalerOptionsValidator(PriceBook prices, IEnumerable<IMachineProvider> providers) : IValidateOptions<AutoscalerOptions>
{
    private const string Section = AutoscalerOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AutoscalerOptions options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        var failures = new List<string>();
        var known = providers.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (options.Offers.Count == 0)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.Offers)} must name at least one price catalogue entry to launch");
        foreach (var (offer, index) in options.Offers.Select((o, i) => (o, i)))
        {
            if (prices.Catalogue.Find(offer) is not { } entry)
                failures.Add($"{Section}:{nameof(AutoscalerOptions.Offers)}:{index} must name an entry of the price catalogue (was {offer})");
            else if (!known.Contains(entry.Provider))
                failures.Add($"{Section}:{nameof(AutoscalerOptions.Offers)}:{index} is a machine of {entry.Provider}, whose provider is not configured (configured: {(known.Count == 0 ? "none" : string.Join(", ", known.Order()))})");
        }
        if (string.IsNullOrWhiteSpace(options.FarmDatabase))
            failures.Add($"{Section}:{nameof(AutoscalerOptions.FarmDatabase)} must be set, or Cluster:Database: launched silos join the farm through its database");
        if (options.Pools.Count == 0 || options.Pools.Any(string.IsNullOrWhiteSpace))
            failures.Add($"{Section}:{nameof(AutoscalerOptions.Pools)} must name the pools to scale");
        if (options.MinNodes < 0)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.MinNodes)} must be 0 or more (was {options.MinNodes})");
        if (options.MaxNodes < Math.Max(1, options.MinNodes))
            failures.Add($"{Section}:{nameof(AutoscalerOptions.MaxNodes)} must be at least 1 and at least MinNodes (was {options.MaxNodes})");
        if (options.SlotsPerMachine is < 1)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.SlotsPerMachine)} must be 1 or more, or unset (was {options.SlotsPerMachine})");
        if (options.LaunchesPerMinute < 1)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.LaunchesPerMinute)} must be 1 or more (was {options.LaunchesPerMinute})");
        foreach (var (key, time) in new[] { (nameof(AutoscalerOptions.IdleTimeout), options.IdleTimeout), (nameof(AutoscalerOptions.JoinTimeout), options.JoinTimeout), (nameof(AutoscalerOptions.EvaluatePeriod), options.EvaluatePeriod), (nameof(AutoscalerOptions.CpuWindow), options.CpuWindow) })
        {
            if (time <= TimeSpan.Zero)
                failures.Add($"{Section}:{key} must be positive (was {time})");
        }
        if (options.Cooldown < TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.Cooldown)} must be 0 or more (was {options.Cooldown})");
        if (options.ScaleOutAboveCpu is { } cpu && cpu is <= 0 or > 1)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.ScaleOutAboveCpu)} must be above 0 and at most 1, or unset (was {cpu})");
        ValidateChoice(options, prices, known, failures);
        ValidateWarmPool(options, failures);
        try
        {
            new BootSettings(options.NodeSettings, options.PackageUrl).Validate();
        }
        catch (ArgumentException e)
        {
            failures.Add($"{Section}:{nameof(AutoscalerOptions.NodeSettings)}: {e.Message}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateChoice(AutoscalerOptions options, PriceBook prices, HashSet<string> providers, List<string> failures)
    {
        if (options.SpotReclaimsPerHour is < 0 or > 60 || double.IsNaN(options.SpotReclaimsPerHour))
            failures.Add($"{Section}:{nameof(AutoscalerOptions.SpotReclaimsPerHour)} must be from 0 to 60 reclaims an hour (was {options.SpotReclaimsPerHour})");
        foreach (var (key, rate) in options.ReclaimRates)
        {
            if (rate is < 0 or > 60 || double.IsNaN(rate))
                failures.Add($"{Section}:{nameof(AutoscalerOptions.ReclaimRates)}:{key} must be from 0 to 60 reclaims an hour (was {rate})");
            if (!providers.Contains(key) && prices.Catalogue.Find(key) is not { Pricing: PricingModel.Spot })
                failures.Add($"{Section}:{nameof(AutoscalerOptions.ReclaimRates)}:{key} must name a configured provider or a spot entry of the price catalogue");
        }
        if (options.ReclaimRework is { } rework && rework < TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.ReclaimRework)} must be 0 or more, or unset for half a piece (was {rework})");
        if (options.BootTime < TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.BootTime)} must be 0 or more (was {options.BootTime})");
        if (options.DeadlineMargin < TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(AutoscalerOptions.DeadlineMargin)} must be 0 or more (was {options.DeadlineMargin})");
    }

    private static void ValidateWarmPool(AutoscalerOptions options, List<string> failures)
    {
        foreach (var (window, index) in options.WarmPool.Select((w, i) => (w, i)))
        {
            var field = $"{Section}:{nameof(AutoscalerOptions.WarmPool)}:{index}";
            if (window.Nodes < 1 || window.Nodes > options.MaxNodes)
                failures.Add($"{field}:{nameof(WarmPoolWindow.Nodes)} must be from 1 to MaxNodes ({options.MaxNodes}) (was {window.Nodes})");
            if (window.TimeZone is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                failures.Add($"{field}:{nameof(WarmPoolWindow.TimeZone)} must be a time zone id such as Europe/Berlin, or unset for UTC (was {zone})");
        }
    }
}
