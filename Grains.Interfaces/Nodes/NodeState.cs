namespace RenderFarm.Nodes;

[GenerateSerializer, Alias("RenderFarm.NodeState")]
public enum NodeState
{
    Ready,
    Draining,
    Dead,
}
