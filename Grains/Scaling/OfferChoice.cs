namespace RenderFarm.Scaling;

/// <summary>The mix of machines to launch, most urgent first.</summary>
public sealed record OfferChoice(IReadOnlyList<OfferPick> Picks)
{
    public static readonly OfferChoice Nothing = new([]);
}

/// <summary>Machines of one offer and why: its expected cost with rework against the alternative, and the deadline slack of the jobs it is for.</summary>
public sealed record OfferPick(OfferTerms Terms, int Machines, string Reason);
