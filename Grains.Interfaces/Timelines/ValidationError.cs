namespace RenderFarm.Timelines;

/// <summary>
/// One problem with a submission: the JSON path of the field and the rule it breaks. Both may echo
/// input (a property name, an asset id), so both are kept escaped for terminals and logs.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.ValidationError")]
public sealed record ValidationError(string Field, string Rule)
{
    [Id(0)] public string Field { get; init; } = DisplayText.Escape(Field);
    [Id(1)] public string Rule { get; init; } = DisplayText.Escape(Rule);

    public override string ToString() => $"{Field}: {Rule}";
}
