using System.ComponentModel.DataAnnotations;
using System.Net;

namespace RenderFarm.Silo.Monitoring;

/// <summary>Where a silo serves <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, and whether it serves the Orleans dashboard.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>Prometheus scrapes it from another machine, so every address by default.</summary>
    [Required]
    public string Address { get; set; } = "0.0.0.0";

    [Range(1, 65535)]
    public int Port { get; set; } = 9400;

    public DashboardOptions Dashboard { get; set; } = new();

    public IPAddress ParsedAddress() => IPAddress.Parse(Address);

    public sealed class DashboardOptions
    {
        public bool Enabled { get; set; }

        /// <summary>The dashboard has no sign-in of its own: loopback unless an operator says otherwise.</summary>
        [Required]
        public string Address { get; set; } = "127.0.0.1";

        [Range(1, 65535)]
        public int Port { get; set; } = 8080;
    }
}
