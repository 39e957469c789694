namespace RenderFarm.Chunks;

/// <summary>
/// The tail of one attempt's ffmpeg log, as its node keeps it: <see cref="Truncated"/> when earlier text was
/// left out, <see cref="Running"/> while the attempt still writes to it, read on <see cref="Node"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AttemptLog")]
public sealed record AttemptLog(
    [property: Id(0)] string Text,
    [property: Id(1)] bool Truncated,
    [property: Id(2)] bool Running,
    [property: Id(3)] string Node);
