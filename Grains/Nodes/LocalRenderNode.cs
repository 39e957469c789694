using Microsoft.Extensions.Options;

namespace RenderFarm.Nodes;

/// <summary>Who this silo is as a render node.</summary>
public sealed class LocalRenderNode(ILocalSiloDetails silo, IOptions<RenderNodeOptions> options)
{
    public string NodeId { get; } = options.Value.NodeId ?? silo.Name;
    public string Pool => options.Value.Pool;
    public SiloAddress Silo => silo.SiloAddress;
}
