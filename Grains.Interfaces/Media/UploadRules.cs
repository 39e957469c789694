namespace RenderFarm.Media;

/// <summary>How an asset's bytes travel to the farm: in parts of a fixed size, each a call of its own.</summary>
public static class UploadRules
{
    /// <summary>Every part but the last is this long; a broken upload carries on at the first part the farm lacks.</summary>
    public const int PartSize = 4 * 1024 * 1024;

    /// <summary>A single asset may be at most this large (1 TiB).</summary>
    public const long MaxAssetBytes = 1L << 40;

    public static int PartCount(long size) => size == 0 ? 1 : (int)((size + PartSize - 1) / PartSize);

    public static long PartLength(long size, int part) => Math.Min(PartSize, size - (long)part * PartSize);
}
