namespace RenderFarm.Costs;

/// <summary>Sums the attempts ended by a machine's reclaim, and rounds a tally to the cent for a bill.</summary>
public static class ReclaimBilling
{
    /// <summary>Null when no entry was ended by a reclaim.</summary>
    public static ReclaimTally? Tally(IEnumerable<LedgerEntry> entries) =>
        Sum(entries.Where(e => e.Reclaimed is not null).Select(e => e.ReclaimTally));

    /// <summary>Null when there is nothing to sum.</summary>
    public static ReclaimTally? Sum(IEnumerable<ReclaimTally> tallies)
    {
        ReclaimTally? total = null;
        foreach (var tally in tallies)
            total = (total ?? ReclaimTally.None).Add(tally);
        return total;
    }

    /// <summary>The lost part rounded to the cent and the kept part what remains of the whole rounded, so that both add up to it.</summary>
    public static ReclaimTally? InCents(ReclaimTally? exact)
    {
        if (exact is null)
            return null;
        var whole = CentRounding.ToCents(exact.Kept + exact.Lost);
        var lost = CentRounding.ToCents(exact.Lost);
        return exact with { Kept = whole - lost, Lost = lost };
    }
}
