namespace RenderFarm.Rendering;

/// <summary>
/// The small still of the latest frame a chunk render shows its job (<c>RenderNode:Thumbnails</c>): drawn by
/// the chunk's own ffmpeg run from the picture it encodes, so it costs no decode of its own.
/// </summary>
public sealed class ThumbnailOptions
{
    public const int DefaultWidth = 320;
    public const int SmallestWidth = 16;
    public const int WidestWidth = 1920;
    public const int DefaultMaxBytes = 256 * 1024;
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromSeconds(2);

    /// <summary>Sub-second stills would mostly be encoded and never sent: the node reports once a second.</summary>
    public static readonly TimeSpan ShortestEvery = TimeSpan.FromMilliseconds(100);

    public bool Enabled { get; set; } = true;

    /// <summary>Width in pixels (even); the height follows the output's aspect, rounded to even. Never wider than the output.</summary>
    public int Width { get; set; } = DefaultWidth;

    /// <summary>Wall time between stills: ffmpeg writes one when this much has passed since its last.</summary>
    public TimeSpan Every { get; set; } = DefaultEvery;

    /// <summary>A still larger than this is not sent (a node reads at most this much per report).</summary>
    public int MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>Every setting at fault, each named under <paramref name="section"/>.</summary>
    public IEnumerable<string> Failures(string section)
    {
        if (Width is < SmallestWidth or > WidestWidth || Width % 2 != 0)
            yield return $"{section}:{nameof(Width)} must be an even number of pixels from {SmallestWidth} to {WidestWidth} (was {Width})";
        if (Every < ShortestEvery)
            yield return $"{section}:{nameof(Every)} must be at least {ShortestEvery.TotalMilliseconds} ms (was {Every})";
        if (MaxBytes < 1024)
            yield return $"{section}:{nameof(MaxBytes)} must be at least 1024 (was {MaxBytes})";
    }
}
