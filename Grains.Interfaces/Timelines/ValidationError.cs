namespace RenderFarm.Timelines;

/// <summary>One problem with a submission: the JSON path of the field and the rule it breaks.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ValidationError")]
public sealed record ValidationError([property: Id(0)] string Field, [property: Id(1)] string Rule)
{
    public override string ToString() => $"{Field}: {Rule}";
}
