namespace RenderFarm.Chunks;

/// <summary>Names one chunk of one job; also the chunk grain's key.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkKey")]
public readonly record struct ChunkKey([property: Id(0)] Guid JobId, [property: Id(1)] int Index)
{
    public string GrainKey => $"{JobId:N}/{Index}";

    public static ChunkKey Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        return new ChunkKey(Guid.Parse(grainKey.AsSpan(0, slash)), int.Parse(grainKey.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => GrainKey;
}
