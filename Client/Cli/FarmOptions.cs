using System.CommandLine;
using RenderFarm.Client;

namespace RenderFarm.Cli;

/// <summary>The global options that say which farm on this machine the farm commands talk to.</summary>
internal sealed class FarmOptions
{
    public FarmOptions() =>
        GatewayPort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
                result.AddError("--gateway-port must be between 1 and 65535");
        });

    public Option<int> GatewayPort { get; } = new("--gateway-port")
    {
        Description = "Farm commands: gateway port of any silo of the farm on this machine.",
        DefaultValueFactory = _ => RenderFarmClientOptions.DefaultGatewayPort,
        Recursive = true,
    };

    public Option<string?> Database { get; } = new("--database")
    {
        Description = "Farm commands: connection string of the farm database (farm mode); also RenderFarm__Database. Without it, --gateway-port on this machine.",
        Recursive = true,
    };

    public Option<string> Pool { get; } = new("--pool")
    {
        Description = "Farm commands: the pool whose nodes and scheduler cluster and top show, and whose jobs jobs lists (every pool without it).",
        DefaultValueFactory = _ => RenderFarmNames.DefaultPool,
        Recursive = true,
    };
}
