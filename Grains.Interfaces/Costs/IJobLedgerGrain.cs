namespace RenderFarm.Costs;

/// <summary>A job's ledger: every attempt of its pieces that ran, billed once each, posted on to the job's accounts.</summary>
[Alias("RenderFarm.IJobLedgerGrain")]
public interface IJobLedgerGrain : IGrainWithGuidKey
{
    /// <summary>Bills attempts that ended; an entry already billed is not billed again. Returns the job's exact total so far.</summary>
    [Alias("Record")] Task<decimal> RecordAsync(JobAccount account, IReadOnlyList<LedgerEntry> entries);

    [Alias("GetBill"), AlwaysInterleave] Task<Bill> GetBillAsync();
}
