using Microsoft.Extensions.Options;

namespace RenderFarm.Silo;

/// <summary>
/// How a silo joins its farm. With <see cref="Database"/> set, membership, state and reminders live
/// in that PostgreSQL database (farm mode: silos on any machines). Without it the silos of one
/// machine find each other through the primary silo (localhost clustering) and keep state in memory.
/// </summary>
public sealed class LocalClusterOptions
{
    public const string SectionName = "Cluster";
    public const string DefaultClusterId = "renderfarm";
    public const string DefaultServiceId = "renderfarm";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Stays the same across deployments of the farm.</summary>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>Port silos talk to each other on; unique per silo on this machine.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Port clients (the command line, editors) connect to; unique per silo on this machine.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Silo port of the primary silo; the primary is the silo whose <see cref="SiloPort"/> equals it (localhost clustering only).</summary>
    public int PrimarySiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Npgsql connection string of the farm database (deploy/db/setup-postgres.sh prints it).</summary>
    public string? Database { get; set; }

    /// <summary>Address other silos and clients reach this silo at; loopback unless set (farm mode on many machines).</summary>
    public string? AdvertisedAddress { get; set; }
}

/// <summary>
/// Checks the "Cluster" section. The silo reads it while it is being configured (it decides the
/// clustering), so the check runs then, before the host is built, rather than when it starts.
/// </summary>
public sealed class LocalClusterOptionsValidator : IValidateOptions<LocalClusterOptions>
{
    private const string Section = LocalClusterOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LocalClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
            failures.Add($"{Section}:{nameof(LocalClusterOptions.ClusterId)} must be set");
        if (string.IsNullOrWhiteSpace(options.ServiceId))
            failures.Add($"{Section}:{nameof(LocalClusterOptions.ServiceId)} must be set");
        foreach (var (key, port) in new[]
                 {
                     (nameof(LocalClusterOptions.SiloPort), options.SiloPort),
                     (nameof(LocalClusterOptions.GatewayPort), options.GatewayPort),
                     (nameof(LocalClusterOptions.PrimarySiloPort), options.PrimarySiloPort),
                 })
        {
            if (port is < 1 or > 65535)
                failures.Add($"{Section}:{key} must be between 1 and 65535 (was {port})");
        }
        if (options.SiloPort == options.GatewayPort)
            failures.Add($"{Section}:{nameof(LocalClusterOptions.SiloPort)} and {Section}:{nameof(LocalClusterOptions.GatewayPort)} must differ (both {options.SiloPort})");
        if (options.AdvertisedAddress is { Length: > 0 } address && !System.Net.IPAddress.TryParse(address, out _))
            failures.Add($"{Section}:{nameof(LocalClusterOptions.AdvertisedAddress)} must be an IP address (was '{address}')");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The options, or <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public static LocalClusterOptions Checked(LocalClusterOptions options)
    {
        var result = new LocalClusterOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed
            ? throw new OptionsValidationException(Options.DefaultName, typeof(LocalClusterOptions), result.Failures)
            : options;
    }
}
