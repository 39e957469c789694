using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using RenderFarm.Chunks;
using RenderFarm.Scheduling;

namespace RenderFarm.Nodes;

/// <summary>
/// The ffmpeg logs of the attempts this node ran, one file per attempt under its work folder
/// (<c>attempt-logs/&lt;job&gt;/</c>), each kept to its last <see cref="AttemptLogOptions.MaxBytes"/>. A job's
/// logs are removed once none was written for <see cref="AttemptLogOptions.Keep"/>; the check runs when a log
/// is opened, at most once an hour.
/// </summary>
public sealed class AttemptLogs(IOptions<RenderNodeOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan PrunePeriod = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, AttemptLogFile> open = new(StringComparer.Ordinal);
    private readonly AttemptLogOptions settings = options.Value.AttemptLogs;
    private long prunedAt = long.MinValue;

    private string Root => Path.Combine(options.Value.WorkDirectory, "attempt-logs");

    /// <summary>A new log for the attempt (replacing one left by an earlier run of the same attempt); dispose it when the attempt ends.</summary>
    public AttemptLogFile Open(WorkKey piece, int attempt)
    {
        PruneIfDue();
        var log = new AttemptLogFile(PathOf(piece, attempt), settings.MaxBytes, closed => open.TryRemove(closed.Path, out _));
        open[log.Path] = log;
        return log;
    }

    /// <summary>The last <paramref name="tailBytes"/> of the attempt's log (from a line's start when cut); null when there is none here.</summary>
    public async Task<AttemptLogTail?> ReadTailAsync(WorkKey piece, int attempt, int tailBytes, CancellationToken cancellationToken = default)
    {
        var path = PathOf(piece, attempt);
        var running = open.ContainsKey(path);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = file.Length;
            var cut = length > tailBytes;
            var buffer = new byte[Math.Min(length, tailBytes)];
            file.Seek(length - buffer.Length, SeekOrigin.Begin);
            await file.ReadExactlyAsync(buffer, cancellationToken);
            var start = cut ? Array.IndexOf(buffer, (byte)'\n') + 1 : 0;
            var text = Encoding.UTF8.GetString(buffer, start, buffer.Length - start);
            var dropped = text.StartsWith(AttemptLogFile.DroppedMarker, StringComparison.Ordinal);
            return new AttemptLogTail(text, cut || dropped, running);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The file of one attempt's log: numbers and the piece's kind only, nothing a client chose.</summary>
    private string PathOf(WorkKey piece, int attempt)
    {
        var name = piece.Kind switch
        {
            WorkKind.Chunk => string.Create(CultureInfo.InvariantCulture, $"chunk-{piece.Index}-lane{piece.Lane}"),
            _ => piece.Kind.ToString().ToLowerInvariant(),
        };
        return Path.Combine(Root, piece.JobId.ToString("N"), string.Create(CultureInfo.InvariantCulture, $"{name}-attempt{attempt}.log"));
    }

    private void PruneIfDue()
    {
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref prunedAt);
        if (last != long.MinValue && clock.GetElapsedTime(last, now) < PrunePeriod)
            return;
        if (Interlocked.CompareExchange(ref prunedAt, now, last) != last || !Directory.Exists(Root))
            return;
        var before = clock.GetUtcNow() - settings.Keep;
        foreach (var job in new DirectoryInfo(Root).EnumerateDirectories())
        {
            try
            {
                if (job.EnumerateFiles().All(f => f.LastWriteTimeUtc < before.UtcDateTime && !open.ContainsKey(f.FullName)))
                    job.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Being written or removed by another: the next pass sees it again.
            }
        }
    }
}

/// <summary>The end of one attempt's log as this node holds it; <see cref="Truncated"/> when earlier text is left out.</summary>
public sealed record AttemptLogTail(string Text, bool Truncated, bool Running);
