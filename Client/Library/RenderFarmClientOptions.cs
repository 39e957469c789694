using RenderFarm.Client.Security;
using RenderFarm.Timelines;

namespace RenderFarm.Client;

/// <summary>How a host application reaches a farm.</summary>
public sealed class RenderFarmClientOptions
{
    public const string SectionName = "RenderFarm";
    public const int DefaultGatewayPort = 30000;

    public string Pool { get; set; } = RenderFarmNames.DefaultPool;

    /// <summary>
    /// Who this client's jobs are for (configuration key <c>RenderFarm:Submitter</c>); unset, the user of its
    /// API key. Only an operator's key may name another user: the farm refuses a user's job claiming another.
    /// </summary>
    public string? Submitter { get; set; }

    /// <summary>
    /// The API key this client presents on every call (configuration key <c>RenderFarm:ApiKey</c>, or the
    /// environment variable <c>RenderFarm__ApiKey</c>); a farm without access control needs none.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>A file holding the API key (its first line), read when the client is built; for keys kept out of settings and environment.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Who pays for the jobs this client submits (configuration key <c>RenderFarm:Project</c>); unset, the farm's default project.</summary>
    public string? Project { get; set; }

    public string ClusterId { get; set; } = "renderfarm";

    public string ServiceId { get; set; } = "renderfarm";

    /// <summary>Npgsql connection string of the farm database; when set, gateways are found there (farm mode).</summary>
    public string? Database { get; set; }

    /// <summary>Mutual TLS to the gateways in farm mode (<c>RenderFarm:Tls</c>): this client's certificate and the farm's authority.</summary>
    public FarmTlsOptions Tls { get; set; } = new();

    /// <summary>Whether a failed connection is tried again (with a growing wait, as Orleans does); a command line tool says at once that the farm is unreachable.</summary>
    public bool RetryConnection { get; set; } = true;

    /// <summary>Gateway port of a silo on this machine (a local farm without a database).</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>How often a watcher asks for status when no progress update arrives.</summary>
    /// <summary>A timeline larger than this as JSON is refused before it is sent (the farm keeps its own limit, Limits:MaxTimelineBytes).</summary>
    public int MaxTimelineBytes { get; set; } = TimelineJson.DefaultMaxBytes;

    public TimeSpan WatchPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
