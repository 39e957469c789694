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
    [property: Id(6)] AttemptEnd End)
{
    /// <summary>Unique within its job: an entry sent twice is billed once.</summary>
    public string Id => $"{Work}#{Attempt}";

    public long BilledSeconds => Price.Billing.AttemptSeconds(EndedAt - StartedAt);

    public BilledTime Time => new(Price.HourlyPrice, Price.Slots, BilledSeconds);
}
