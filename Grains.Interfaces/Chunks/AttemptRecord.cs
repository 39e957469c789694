using RenderFarm.Scheduling;

namespace RenderFarm.Chunks;

/// <summary>One attempt that started: where, when, and how it ended (null while it runs).</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AttemptRecord")]
public sealed record AttemptRecord(
    [property: Id(0)] int Attempt,
    [property: Id(1)] int Lane,
    [property: Id(2)] string Node,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? EndedAt = null,
    [property: Id(5)] AttemptEnd? End = null,
    /// <summary>What its node's slot costs and how fast the node is; null if the start was never heard (the attempt was taken back as started from a progress report).</summary>
    [property: Id(6)] AttemptHost? Host = null,
    /// <summary>An attempt ended by its machine's reclaim: the frames it committed and those it had rendered but lost.</summary>
    [property: Id(7)] ReclaimedFrames? Reclaimed = null,
    /// <summary>A failed attempt's error with the last lines of its ffmpeg log: readable after its node and the node's logs are gone.</summary>
    [property: Id(8)] string? Error = null);

/// <summary>What an attempt stopped for its machine's reclaim kept (committed as a chunk of their own) and lost (rendered, then thrown away).</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ReclaimedFrames")]
public sealed record ReclaimedFrames(
    [property: Id(0)] int Kept,
    [property: Id(1)] int Lost)
{
    public int Rendered => Kept + Lost;
}

/// <summary>How a started attempt ended, as its job recorded it.</summary>
[GenerateSerializer, Alias("RenderFarm.AttemptEnd")]
public enum AttemptEnd
{
    Completed = 0,
    Failed = 1,
    /// <summary>Stopped by its job: cancelled, paused, lost a race to a backup, or stalled.</summary>
    Stopped = 2,
    /// <summary>Its node died or shut down under it.</summary>
    NodeLost = 3,
    Stalled = 4,
    /// <summary>Stopped because its machine was being reclaimed; <see cref="AttemptRecord.Reclaimed"/> says what it kept.</summary>
    Reclaimed = 5,
}
