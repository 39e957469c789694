using RenderFarm.Jobs;

namespace RenderFarm.Metrics;

/// <summary>One active job in a <see cref="FarmMetrics"/> reading: its progress, its speed and when it should end.</summary>
public sealed record JobMetrics
{
    public Guid JobId { get; init; }

    public string Name { get; init; } = "";

    public string Submitter { get; init; } = "";

    public JobState State { get; init; }

    public JobPriority Priority { get; init; }

    /// <summary>Frames rendered, those of running chunks included.</summary>
    public int FramesDone { get; init; }

    public int TotalFrames { get; init; }

    /// <summary>The share of the job's frames rendered, 0..1.</summary>
    public double Progress => TotalFrames > 0 ? Math.Clamp((double)FramesDone / TotalFrames, 0, 1) : 0;

    public int ChunksDone { get; init; }

    public int ChunksTotal { get; init; }

    /// <summary>The job's pieces of work (chunks, its sound, its merge) running now.</summary>
    public int ChunksRunning { get; init; }

    /// <summary>Since the job was submitted, as of the reading.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The job's frames rendered per second since the previous reading; null on the first reading that has the job.</summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>How long the frames still to render take at <see cref="FramesPerSecond"/>; null while the rate is unknown or 0.</summary>
    public TimeSpan? Eta { get; init; }

    /// <summary>What the job has cost so far (its ended attempts and its running ones), in <see cref="Currency"/>.</summary>
    public decimal Cost { get; init; }

    /// <summary>The job's cost cap; null without one.</summary>
    public decimal? Cap { get; init; }

    public string Currency { get; init; } = "USD";
}
