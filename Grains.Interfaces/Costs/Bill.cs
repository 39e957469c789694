namespace RenderFarm.Costs;

/// <summary>
/// A bill: a line per job (and, for a job's own bill, a line per attempt), its total, and for a pool
/// the machines' uptime and the idle part of it. Every amount is to the cent, and the lines add up to
/// the total exactly (the cents lost to rounding go to the lines that lost the most).
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Bill")]
public sealed record Bill
{
    /// <summary>What the bill is of: "job 3f2b…", "user ana", "project trailer", "pool default".</summary>
    [Id(0)] public string Subject { get; init; } = "";
    [Id(1)] public DateOnly? From { get; init; }
    [Id(2)] public DateOnly? To { get; init; }
    [Id(3)] public string Currency { get; init; } = "USD";
    [Id(4)] public IReadOnlyList<BillLine> Jobs { get; init; } = [];
    /// <summary>Every attempt of the job, on a job's bill; empty on others.</summary>
    [Id(5)] public IReadOnlyList<BillEntry> Attempts { get; init; } = [];
    /// <summary>What the jobs cost: the lines added up.</summary>
    [Id(6)] public decimal Work { get; init; }
    /// <summary>Machine time of the pool's nodes, on a pool's bill.</summary>
    [Id(7)] public MachineUptime? Uptime { get; init; }
    /// <summary>The part of the uptime no job used (a pool's bill): <c>Uptime.Cost - Work</c>.</summary>
    [Id(8)] public decimal Idle { get; init; }
    /// <summary>Work plus idle time.</summary>
    [Id(9)] public decimal Total { get; init; }
    [Id(10)] public long SlotSeconds { get; init; }
    /// <summary>Attempts ended by a machine's reclaim (amounts to the cent, part of <see cref="Work"/>); null when none was.</summary>
    [Id(11)] public ReclaimTally? Reclaims { get; init; }
}

[GenerateSerializer, Immutable, Alias("RenderFarm.BillLine")]
public sealed record BillLine(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string Name,
    [property: Id(2)] string User,
    [property: Id(3)] string Project,
    [property: Id(4)] string Pool,
    [property: Id(5)] long SlotSeconds,
    [property: Id(6)] decimal Amount);

/// <summary>One attempt on a job's bill: which piece, where, how it ended, its billed seconds and amount.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.BillEntry")]
public sealed record BillEntry(
    [property: Id(0)] string Piece,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Node,
    [property: Id(3)] string Instance,
    [property: Id(4)] string Outcome,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset EndedAt,
    [property: Id(7)] long Seconds,
    [property: Id(8)] decimal Amount);

[GenerateSerializer, Immutable, Alias("RenderFarm.MachineUptime")]
public sealed record MachineUptime(
    [property: Id(0)] int Machines,
    [property: Id(1)] long Seconds,
    [property: Id(2)] decimal Cost);
