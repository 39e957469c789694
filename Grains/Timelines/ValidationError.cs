namespace RenderFarm.Timelines;

/// <summary>One problem with a timeline: the JSON path of the field and the rule it breaks.</summary>
public sealed record ValidationError(string Field, string Rule)
{
    public override string ToString() => $"{Field}: {Rule}";
}
