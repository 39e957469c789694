namespace RenderFarm.Jobs;

/// <summary>
/// A small still of the latest frame a job's render reached: a JPEG of <see cref="Width"/> × <see cref="Height"/>
/// showing about timeline frame <see cref="Frame"/>, from chunk <see cref="ChunkIndex"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobThumbnail")]
public sealed record JobThumbnail(
    [property: Id(0)] byte[] Jpeg,
    [property: Id(1)] int Width,
    [property: Id(2)] int Height,
    [property: Id(3)] int Frame,
    [property: Id(4)] int ChunkIndex,
    [property: Id(5)] DateTimeOffset RenderedAt);
