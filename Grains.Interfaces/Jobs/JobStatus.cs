using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>Everything a client may want to know about a job, including each piece of its work.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobStatus")]
public sealed record JobStatus
{
    [Id(0)] public Guid JobId { get; init; }
    [Id(1)] public string Name { get; init; } = "";
    [Id(2)] public JobState State { get; init; }
    [Id(3)] public JobPriority Priority { get; init; }
    [Id(4)] public int TotalFrames { get; init; }
    [Id(5)] public int FramesDone { get; init; }
    [Id(6)] public IReadOnlyList<ChunkStatus> Chunks { get; init; } = [];
    [Id(7)] public DateTimeOffset SubmittedAt { get; init; }
    [Id(8)] public DateTimeOffset? StartedAt { get; init; }
    [Id(9)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The finished file in the media store.</summary>
    [Id(10)] public string? OutputPath { get; init; }
    [Id(11)] public string? Error { get; init; }
    [Id(12)] public string Pool { get; init; } = "";
    [Id(13)] public string Submitter { get; init; } = "";
    /// <summary>The sound and the merge, scheduled like chunks (null before the job is planned).</summary>
    [Id(14)] public ChunkStatus? Sound { get; init; }
    [Id(15)] public ChunkStatus? Merge { get; init; }
    /// <summary>Every problem found in the media of a <see cref="JobState.Refused"/> job.</summary>
    [Id(16)] public IReadOnlyList<ValidationError> Refusals { get; init; } = [];
    /// <summary>Grows with every change of the job, across activations: a later status has a higher one.</summary>
    [Id(17)] public JobRevision Revision { get; init; }
    /// <summary>Who pays for the job; "" for a job stored before jobs had projects.</summary>
    [Id(18)] public string Project { get; init; } = "";
    /// <summary>What the job was estimated to cost, has cost so far, and may cost.</summary>
    [Id(19)] public JobCost Cost { get; init; } = new();
    [Id(20)] public DateTimeOffset? Deadline { get; init; }
    /// <summary>For a job with a deadline that has not ended: when it should end, and so whether it is on track.</summary>
    [Id(21)] public DeadlineOutlook? Outlook { get; init; }
    /// <summary>The finished file of a completed job (<see cref="OutputPath"/> is its location).</summary>
    [Id(22)] public OutputFile? Output { get; init; }
    /// <summary>When the farm's retention removed <see cref="Output"/> from the media store: it can no longer be downloaded.</summary>
    [Id(23)] public DateTimeOffset? OutputRemovedAt { get; init; }

    public int ChunksDone => Chunks.Count(c => c.State == ChunkState.Completed);

    /// <summary>How often the job's work started on a node already holding the uploaded assets it reads.</summary>
    public JobLocality Locality => JobLocality.Of(Sound is null ? Chunks : [.. Chunks, Sound]);
    public TimeSpan? Elapsed => (FinishedAt ?? (State.IsTerminal() ? null : DateTimeOffset.UtcNow)) - SubmittedAt;
}
