namespace RenderFarm.Tests.Database.TestGrains;

/// <summary>A counter's value with what its storage said about it: the ETag and whether a record exists.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Tests.Database.CounterSnapshot")]
public sealed record CounterSnapshot(
    [property: Id(0)] int Value,
    [property: Id(1)] string? ETag,
    [property: Id(2)] bool RecordExists);
