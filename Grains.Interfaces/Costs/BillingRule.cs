namespace RenderFarm.Costs;

/// <summary>
/// How a provider turns a machine's running time into billed seconds: rounded up to whole
/// increments, and never less than the minimum for each time a machine runs (AWS, Azure and Google
/// Cloud bill Linux machines per second with a one-minute minimum).
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.BillingRule")]
public sealed record BillingRule(
    [property: Id(0)] int IncrementSeconds = 1,
    [property: Id(1)] int MinimumSeconds = 0)
{
    public static readonly BillingRule PerSecond = new();

    /// <summary>The seconds billed for one run of a machine: whole increments, at least the minimum.</summary>
    public long MachineSeconds(TimeSpan ran) => Math.Max(MinimumSeconds, Increments(ran));

    /// <summary>
    /// The seconds billed for one attempt on a machine: whole increments, no minimum. The minimum is the
    /// machine's, billed once per run of it on the cluster's ledger; charging it to every attempt of a
    /// few seconds would bill the machine many times over.
    /// </summary>
    public long AttemptSeconds(TimeSpan ran) => Increments(ran);

    private long Increments(TimeSpan ran)
    {
        if (ran <= TimeSpan.Zero)
            return 0;
        var increment = Math.Max(1, IncrementSeconds);
        var whole = (long)Math.Ceiling(ran.TotalSeconds / increment - 1e-9);
        return Math.Max(1, whole) * increment;
    }
}
