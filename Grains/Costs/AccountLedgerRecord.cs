namespace RenderFarm.Costs;

/// <summary>What an account's ledger stores: each job's latest charge, and (a pool's) each machine run.</summary>
[GenerateSerializer, Alias("RenderFarm.Costs.AccountLedgerRecord")]
public sealed class AccountLedgerRecord
{
    [Id(0)] public Dictionary<Guid, JobCharge> Jobs { get; set; } = [];
    /// <summary>By node and run.</summary>
    [Id(1)] public Dictionary<string, MachineRun> Machines { get; set; } = new(StringComparer.Ordinal);
}
