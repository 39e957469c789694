namespace RenderFarm.Nodes;

[GenerateSerializer, Alias("RenderFarm.NodeRecord")]
public sealed class NodeRecord
{
    [Id(0)] public NodeInfo? Info { get; set; }
    [Id(1)] public NodeState State { get; set; }
    [Id(2)] public DateTimeOffset RegisteredAt { get; set; }
}
