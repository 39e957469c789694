using System.Globalization;

namespace RenderFarm.Chunks;

/// <summary>Names one chunk of one job.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ChunkKey")]
public readonly record struct ChunkKey([property: Id(0)] Guid JobId, [property: Id(1)] int Index)
{
    /// <summary>Lane 0 renders the chunk; lane 1 is a backup attempt run beside a straggling one.</summary>
    public const int PrimaryLane = 0;
    public const int BackupLane = 1;

    /// <summary>The key of the chunk grain that runs attempts in <paramref name="lane"/>.</summary>
    public string GrainKey(int lane = PrimaryLane) =>
        lane == PrimaryLane ? $"{JobId:N}/{Index}" : string.Create(CultureInfo.InvariantCulture, $"{JobId:N}/{Index}/lane{lane}");

    public static (ChunkKey Chunk, int Lane) Parse(string grainKey)
    {
        var parts = grainKey.Split('/');
        var chunk = new ChunkKey(Guid.Parse(parts[0]), int.Parse(parts[1], CultureInfo.InvariantCulture));
        return (chunk, parts.Length > 2 ? int.Parse(parts[2].AsSpan("lane".Length), CultureInfo.InvariantCulture) : PrimaryLane);
    }

    public override string ToString() => $"{JobId:N}/{Index}";
}
