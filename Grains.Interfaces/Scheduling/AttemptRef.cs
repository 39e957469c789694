namespace RenderFarm.Scheduling;

/// <summary>Which attempt of which piece, on which node and silo, a report is about.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.AttemptRef")]
public sealed record AttemptRef(
    [property: Id(0)] WorkKey Work,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Node,
    [property: Id(3)] SiloAddress Silo)
{
    public override string ToString() => $"{Work} attempt {Attempt} on {Node}";
}
