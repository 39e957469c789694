namespace RenderFarm.Media;

/// <summary>What a purge removed (or, in a dry run, would have), and the times it went by.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Media.PurgeReport")]
public sealed record PurgeReport
{
    [Id(0)] public DateTimeOffset At { get; init; }
    [Id(1)] public bool DryRun { get; init; }
    /// <summary>Jobs that ended before this lost their output; null when outputs are kept for ever.</summary>
    [Id(2)] public DateTimeOffset? OutputsEndedBefore { get; init; }
    [Id(3)] public DateTimeOffset? AssetsUnusedSince { get; init; }
    [Id(4)] public DateTimeOffset? UploadsIdleSince { get; init; }
    [Id(5)] public int Outputs { get; init; }
    [Id(6)] public long OutputBytes { get; init; }
    [Id(7)] public int Assets { get; init; }
    [Id(8)] public long AssetBytes { get; init; }
    [Id(9)] public int Uploads { get; init; }
    [Id(10)] public long UploadBytes { get; init; }
    /// <summary>Assets past their time that a job not yet ended still uses: kept.</summary>
    [Id(11)] public int AssetsInUse { get; init; }
    /// <summary>What could not be looked at or removed (the store or a grain did not answer); the next purge tries again.</summary>
    [Id(12)] public IReadOnlyList<string> Errors { get; init; } = [];

    public long Bytes => OutputBytes + AssetBytes + UploadBytes;
}
