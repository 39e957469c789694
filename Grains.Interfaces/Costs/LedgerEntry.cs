using RenderFarm.Chunks;
using RenderFarm.Scheduling;

namespace RenderFarm.Costs;

/// <summary>One attempt of a piece of a job that ran on a node and ended, however it ended, as its job bills it.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.LedgerEntry")]
public sealed record LedgerEntry(
    [property: Id(0)] WorkKey Work,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Node,
    [property: Id(3)] SlotPrice Price,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset EndedAt,
    [property: Id(6)] AttemptEnd End,
    /// <summary>For an attempt ended by its machine's reclaim: the frames it kept and lost.</summary>
    [property: Id(7)] ReclaimedFrames? Reclaimed = null)
{
    /// <summary>Unique within its job: an entry sent twice is billed once.</summary>
    public string Id => $"{Work}#{Attempt}";

    public long BilledSeconds => Price.Billing.AttemptSeconds(EndedAt - StartedAt);

    public BilledTime Time => new(Price.HourlyPrice, Price.Slots, BilledSeconds);

    /// <summary>
    /// What of the attempt a reclaim lost, exactly: its share of the frames it rendered and did not keep,
    /// or all of it when it kept none. The rest bought frames kept, work done like any chunk's.
    /// </summary>
    public decimal LostToReclaim => Reclaimed switch
    {
        null => 0m,
        { Kept: 0 } => Time.Amount,
        var r => Time.Amount * r.Lost / r.Rendered,
    };

    /// <summary>This entry as a reclaim tally (none when it was not ended by one).</summary>
    public ReclaimTally ReclaimTally => Reclaimed is { } r
        ? new ReclaimTally(1, r.Kept, r.Lost, Time.Amount - LostToReclaim, LostToReclaim)
        : ReclaimTally.None;
}
