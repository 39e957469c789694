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

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId))
            throw new InvalidOperationException($"{SectionName}:{nameof(ClusterId)} must be set");
        if (string.IsNullOrWhiteSpace(ServiceId))
            throw new InvalidOperationException($"{SectionName}:{nameof(ServiceId)} must be set");
        foreach (var (name, port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort), (nameof(PrimarySiloPort), PrimarySiloPort) })
        {
            if (port is < 1 or > 65535)
                throw new InvalidOperationException($"{SectionName}:{name} must be between 1 and 65535 (was {port})");
        }
        if (SiloPort == GatewayPort)
            throw new InvalidOperationException($"{SectionName}:{nameof(SiloPort)} and {SectionName}:{nameof(GatewayPort)} must differ (both {SiloPort})");
    }
}
