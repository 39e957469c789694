using RenderFarm.Costs;

namespace RenderFarm.Tests.Costs;

/// <summary>Accounts take a job's charge a moment after its ledger: reads a bill until it is the one wanted, within a limit.</summary>
internal static class BillWaits
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    public static async Task<Bill> UntilAsync(Func<Task<Bill>> read, Func<Bill, bool> done, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (true)
        {
            var bill = await read();
            if (done(bill))
                return bill;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited for {what}; the bill of {bill.Subject} shows {bill.Total} in {bill.Jobs.Count} job(s) " +
                                           $"({string.Join(", ", bill.Jobs.Select(j => $"{j.JobId}={j.Amount}"))}), {bill.Attempts.Count} attempt(s)");
            await Task.Delay(200);
        }
    }
}
