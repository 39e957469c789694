namespace RenderFarm.Costs;

/// <summary>
/// The ledger of a user, a project or a pool (the cluster's): what each of its jobs was billed, and
/// for a pool the uptime of its machines. Keys: <see cref="AccountKeys"/>.
/// </summary>
[Alias("RenderFarm.IAccountLedgerGrain")]
public interface IAccountLedgerGrain : IGrainWithStringKey
{
    /// <summary>A job's charge so far; it replaces the job's earlier one.</summary>
    [Alias("PostJob")] Task PostJobAsync(JobCharge charge);

    /// <summary>A machine of the pool is up (registered or still reporting); the latest report of a run replaces the earlier.</summary>
    [Alias("MachineUp")] Task MachineUpAsync(MachineRun run);

    [Alias("GetBill"), AlwaysInterleave] Task<Bill> GetBillAsync(BillingQuery query);

    /// <summary>The exact amount billed in the month (UTC) that holds the day: for a user's monthly cap.</summary>
    [Alias("SpentInMonth"), AlwaysInterleave] Task<decimal> SpentInMonthAsync(DateOnly day);
}

public static class AccountKeys
{
    public static string User(string user) => $"user/{user}";
    public static string Project(string project) => $"project/{project}";
    public static string Pool(string pool) => $"pool/{pool}";
}
