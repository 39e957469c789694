namespace RenderFarm.Scaling;

/// <summary>The tags (AWS, Azure) or labels (Google Cloud) every launched machine carries: which farm, pool and node it is.</summary>
public static class MachineTags
{
    public const string Farm = "renderfarm-farm";
    public const string Pool = "renderfarm-pool";
    public const string Node = "renderfarm-node";
    /// <summary>The price catalogue key it was bought by.</summary>
    public const string Instance = "renderfarm-instance";

    public static IReadOnlyDictionary<string, string> For(string farm, string pool, string nodeId, string instanceKey) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Farm] = farm,
            [Pool] = pool,
            [Node] = nodeId,
            [Instance] = instanceKey,
        };
}
