using System.Diagnostics.Metrics;
using TagList = System.Diagnostics.TagList;
using RenderFarm.Jobs;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Telemetry;

/// <summary>
/// The farm's meter: what renders, jobs and the queue count, recorded where each happens (the node,
/// the job's silo, the scheduler's silo). Labels stay bounded: pool, node, preset, state, kind, never
/// a job id. docs/monitoring.md lists each instrument as Prometheus shows it.
/// </summary>
public sealed class RenderFarmMetrics
{
    public const string MeterName = "RenderFarm";

    private readonly Counter<long> framesRendered;
    private readonly Counter<long> chunksCompleted;
    private readonly Counter<long> chunksFailed;
    private readonly Counter<long> chunksRetried;
    private readonly Histogram<double> chunkRenderDuration;
    private readonly Counter<long> mediaRead;
    private readonly Counter<long> mediaWritten;
    private readonly Counter<long> jobsFinished;
    private readonly Histogram<double> jobDuration;
    private readonly Counter<long> deadlinesMissed;
    private readonly Histogram<double> queueWait;
    private readonly Counter<double> costBilled;

    public RenderFarmMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        framesRendered = Meter.CreateCounter<long>("renderfarm.frames.rendered", "{frame}", "Frames of committed chunks.");
        chunksCompleted = Meter.CreateCounter<long>("renderfarm.chunks.completed", "{chunk}", "Chunk attempts that committed their file.");
        chunksFailed = Meter.CreateCounter<long>("renderfarm.chunks.failed", "{chunk}", "Chunk attempts that failed.");
        chunksRetried = Meter.CreateCounter<long>("renderfarm.chunks.retried", "{chunk}", "Chunk attempts ordered again after a failure, a stall or a lost node.");
        chunkRenderDuration = Meter.CreateHistogram<double>("renderfarm.chunk.render.duration", "s", "Wall time of each committed chunk.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800] });
        mediaRead = Meter.CreateCounter<long>("renderfarm.media.read", "By", "Bytes of input media the chunks' clips read.");
        mediaWritten = Meter.CreateCounter<long>("renderfarm.media.written", "By", "Bytes of files committed to the media store.");
        jobsFinished = Meter.CreateCounter<long>("renderfarm.jobs.finished", "{job}", "Jobs that ended, by their final state.");
        jobDuration = Meter.CreateHistogram<double>("renderfarm.job.duration", "s", "Submit to end of each finished job.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200] });
        deadlinesMissed = Meter.CreateCounter<long>("renderfarm.deadlines.missed", "{job}", "Jobs that ended after their deadline.");
        queueWait = Meter.CreateHistogram<double>("renderfarm.queue.wait", "s", "Time from an order's queueing to its dispatch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600] });
        costBilled = Meter.CreateCounter<double>("renderfarm.cost.billed", "{currency}", "What attempts that ended were billed, in the farm's currency (each attempt once).");
    }

    /// <summary>The meter the farm's observable gauges are created on too.</summary>
    public Meter Meter { get; }

    public void ChunkCommitted(string pool, string node, QualityPreset preset, int frames, TimeSpan took, long bytesRead)
    {
        var where = new TagList { { "pool", pool }, { "node", node } };
        var withPreset = new TagList { { "pool", pool }, { "node", node }, { "preset", Label(preset) } };
        framesRendered.Add(frames, withPreset);
        chunkRenderDuration.Record(took.TotalSeconds, withPreset);
        chunksCompleted.Add(1, where);
        mediaRead.Add(bytesRead, where);
    }

    /// <summary>A chunk, sound or merge file committed to the media store.</summary>
    public void FileCommitted(string pool, string node, long bytes) => mediaWritten.Add(bytes, new TagList { { "pool", pool }, { "node", node } });

    /// <summary>A node's counters start at 0, so that rates and alerts over them have a series before the first failure.</summary>
    public void NodeStarted(string pool, string node)
    {
        var where = new TagList { { "pool", pool }, { "node", node } };
        chunksCompleted.Add(0, where);
        chunksFailed.Add(0, where);
        mediaRead.Add(0, where);
        mediaWritten.Add(0, where);
        chunksRetried.Add(0, new KeyValuePair<string, object?>("pool", pool));
        deadlinesMissed.Add(0, new KeyValuePair<string, object?>("pool", pool));
        costBilled.Add(0, new KeyValuePair<string, object?>("pool", pool));
    }

    /// <summary>Attempts a job's ledger billed for the first time.</summary>
    public void Billed(string pool, decimal amount)
    {
        if (amount > 0)
            costBilled.Add((double)amount, new KeyValuePair<string, object?>("pool", pool));
    }

    public void ChunkFailed(string pool, string node) => chunksFailed.Add(1, new TagList { { "pool", pool }, { "node", node } });

    public void ChunksRetried(string pool, int count)
    {
        if (count > 0)
            chunksRetried.Add(count, new KeyValuePair<string, object?>("pool", pool));
    }

    public void JobFinished(string pool, JobState state, TimeSpan took, bool missedDeadline)
    {
        var tags = new TagList { { "pool", pool }, { "state", Label(state) } };
        jobsFinished.Add(1, tags);
        jobDuration.Record(took.TotalSeconds, tags);
        if (missedDeadline)
            deadlinesMissed.Add(1, new KeyValuePair<string, object?>("pool", pool));
    }

    public void Dispatched(string pool, WorkKind kind, TimeSpan waited) =>
        queueWait.Record(Math.Max(0, waited.TotalSeconds), new TagList { { "pool", pool }, { "kind", Label(kind) } });

    /// <summary>Enum values as lower-case label values: <c>completed</c>, <c>standard</c>, <c>chunk</c>.</summary>
    public static string Label<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
