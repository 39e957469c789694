using RenderFarm.Jobs;

namespace RenderFarm.Rendering;

/// <summary>
/// How a timeline is cut into chunks for the render workers: by a wanted number of chunks
/// (<see cref="ChunkCount"/>) or a wanted chunk length (<see cref="TargetFrames"/>), never both;
/// with neither the whole timeline is one chunk.
/// </summary>
public sealed record ChunkingOptions
{
    public const int DefaultMinimumFrames = 24;
    public const double DefaultSnapWindowFraction = 0.25;
    public const double MaxSnapWindowFraction = 0.5;

    /// <summary>How many chunks are wanted; fewer are made when chunks would fall below <see cref="MinimumFrames"/>.</summary>
    public int? ChunkCount { get; init; }

    /// <summary>How long a chunk should be, in frames; the timeline is cut into as many chunks as needed so that none is much longer.</summary>
    public int? TargetFrames { get; init; }

    /// <summary>No chunk is shorter, unless the whole timeline is.</summary>
    public int MinimumFrames { get; init; } = DefaultMinimumFrames;

    /// <summary>How far a cut may move, as a fraction of the even chunk size, to land on a clip boundary.</summary>
    public double SnapWindowFraction { get; init; } = DefaultSnapWindowFraction;

    /// <summary>
    /// The most clips one chunk may compose: a chunk over a denser stretch is cut shorter, at clip
    /// boundaries, even below <see cref="MinimumFrames"/>; null for no bound.
    /// </summary>
    public int? MaxClipsPerChunk { get; init; }

    /// <summary>A job's chunking: its count or its length, never both, within the farm's bound on clips per chunk.</summary>
    public static ChunkingOptions ForJob(JobOptions options, int? maxClipsPerChunk, int? count = null) => new()
    {
        ChunkCount = options.ChunkFrames is null ? count ?? options.ChunkCount : null,
        TargetFrames = options.ChunkFrames,
        MaxClipsPerChunk = maxClipsPerChunk,
    };

    /// <exception cref="ArgumentException">The options contradict each other or are out of range.</exception>
    public void Validate()
    {
        if (ChunkCount is not null && TargetFrames is not null)
            throw new ArgumentException($"Set {nameof(ChunkCount)} or {nameof(TargetFrames)}, not both.");
        if (ChunkCount is < 1)
            throw new ArgumentException($"{nameof(ChunkCount)} must be at least 1, not {ChunkCount}.");
        if (TargetFrames is < 1)
            throw new ArgumentException($"{nameof(TargetFrames)} must be at least 1, not {TargetFrames}.");
        if (MaxClipsPerChunk is < 2)
            throw new ArgumentException($"{nameof(MaxClipsPerChunk)} must be at least 2, not {MaxClipsPerChunk}.");
        if (MinimumFrames < 1)
            throw new ArgumentException($"{nameof(MinimumFrames)} must be at least 1, not {MinimumFrames}.");
        if (!(SnapWindowFraction >= 0 && SnapWindowFraction <= MaxSnapWindowFraction))
        {
            throw new ArgumentException(
                $"{nameof(SnapWindowFraction)} must be between 0 and {MaxSnapWindowFraction}, not {SnapWindowFraction}.");
        }
    }
}
