using System.Diagnostics;
using RenderFarm.Client.Media;

namespace RenderFarm.Benchmarks;

/// <summary>
/// Where an upload's time went, read off its progress reports as they are made: hashing and asking the
/// farm until the first report, the parts until the last byte is reported, the commit (the farm joining
/// the parts into the asset) after it.
/// </summary>
internal sealed class UploadPhaseClock : IProgress<TransferProgress>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private TimeSpan? firstReport;
    private TimeSpan? lastByte;

    public void Report(TransferProgress value)
    {
        lock (gate)
        {
            firstReport ??= clock.Elapsed;
            if (value.IsDone)
                lastByte ??= clock.Elapsed;
        }
    }

    /// <summary>Seconds of each phase, once the upload has returned.</summary>
    public UploadPhases Stop()
    {
        var end = clock.Elapsed;
        lock (gate)
        {
            var first = firstReport ?? end;
            var last = lastByte ?? end;
            return new UploadPhases(first.TotalSeconds, (last - first).TotalSeconds, (end - last).TotalSeconds);
        }
    }
}

internal sealed record UploadPhases(double HashAndAskSeconds, double PartsSeconds, double CommitSeconds);
