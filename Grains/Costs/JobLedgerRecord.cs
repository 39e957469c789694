namespace RenderFarm.Costs;

/// <summary>What a job's ledger stores: who pays, and every attempt billed, by entry id.</summary>
[GenerateSerializer, Alias("RenderFarm.Costs.JobLedgerRecord")]
public sealed class JobLedgerRecord
{
    [Id(0)] public JobAccount? Account { get; set; }
    [Id(1)] public Dictionary<string, LedgerEntry> Entries { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Grows with every change, so that an account keeps the latest charge of the job.</summary>
    [Id(2)] public long Revision { get; set; }
    /// <summary>The revision every account has taken.</summary>
    [Id(3)] public long PostedRevision { get; set; }
}
