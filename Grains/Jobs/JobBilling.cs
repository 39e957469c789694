using RenderFarm.Chunks;
using RenderFarm.Costs;

namespace RenderFarm.Jobs;

/// <summary>
/// A job's attempts as money: the ledger entries of those that ended (and, once the job has ended,
/// of those it stopped at its end), what is spent and what runs, all from the job's own record with the
/// same arithmetic its ledger bills by. Remembers which entries its ledger has taken, so that each
/// flush sends only the new ones; after an activation it sends them all again (the ledger bills each once).
/// </summary>
public sealed class JobBilling(JobRecord job)
{
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    public JobAccount Account => new(job.Name, job.Submitter, job.Project, job.Pool);

    public IReadOnlyList<LedgerEntry> Untaken() => Entries().Where(e => !taken.Contains(e.Id)).ToList();

    public void Taken(IEnumerable<LedgerEntry> entries) => taken.UnionWith(entries.Select(e => e.Id));

    public IEnumerable<LedgerEntry> Entries()
    {
        foreach (var piece in job.Pieces)
        {
            foreach (var attempt in piece.History)
            {
                var ended = attempt.EndedAt ?? (job.State.IsTerminal() ? job.FinishedAt : null);
                if (ended is null)
                    continue;
                yield return new LedgerEntry(piece.Key with { Lane = attempt.Lane }, attempt.Attempt, attempt.Node, PriceOf(attempt, piece),
                    attempt.StartedAt, ended.Value, attempt.End ?? AttemptEnd.Stopped, attempt.Reclaimed);
            }
        }
    }

    /// <summary>The exact amount of every ended attempt, summed per price as the ledger does.</summary>
    public decimal Billed() => Entries()
        .GroupBy(e => (e.Price.HourlyPrice, e.Price.Slots))
        .Sum(g => new BilledTime(g.Key.HourlyPrice, g.Key.Slots, g.Sum(e => e.BilledSeconds)).Amount);

    /// <summary>What each attempt running now has cost up to <paramref name="now"/>.</summary>
    public IReadOnlyList<decimal> RunningCosts(DateTimeOffset now) => RunningAttempts()
        .Select(r => new BilledTime(r.Price.HourlyPrice, r.Price.Slots, r.Price.Billing.AttemptSeconds(now - r.Attempt.StartedAt)).Amount)
        .ToList();

    /// <summary>What the running attempts together cost per second.</summary>
    public decimal RunningRatePerSecond() => RunningAttempts().Sum(r => r.Price.HourlySlotPrice / 3600m);

    /// <summary>The most any chunk of the job has cost in an attempt that completed (0 before one has).</summary>
    public decimal LargestCompletedChunk() => Entries()
        .Where(e => e.Work.Kind == Scheduling.WorkKind.Chunk && e.End == AttemptEnd.Completed)
        .Select(e => e.Time.Amount)
        .DefaultIfEmpty(0m)
        .Max();

    public string Currency => Entries().Select(e => e.Price.Currency).FirstOrDefault() ?? "USD";

    private IEnumerable<(AttemptRecord Attempt, SlotPrice Price)> RunningAttempts() =>
        job.State.IsTerminal()
            ? []
            : job.Pieces.SelectMany(p => p.History.Where(h => h.EndedAt is null).Select(h => (h, PriceOf(h, p))));

    /// <summary>
    /// An attempt whose start was never heard has no price of its own: it is billed at the price of
    /// another attempt on the same node, or (none known) at no cost.
    /// </summary>
    private SlotPrice PriceOf(AttemptRecord attempt, ChunkRecord piece) =>
        attempt.Host?.Price
        ?? job.Pieces.SelectMany(p => p.History).FirstOrDefault(h => h.Node == attempt.Node && h.Host is not null)?.Host!.Price
        ?? SlotPrice.Free;
}
