namespace RenderFarm.Tests.Database.TestGrains;

[GenerateSerializer, Alias("RenderFarm.Tests.Database.CounterState")]
public sealed class CounterState
{
    [Id(0)] public int Value { get; set; }
}
