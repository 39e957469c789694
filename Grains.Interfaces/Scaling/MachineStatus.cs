namespace RenderFarm.Scaling;

/// <summary>One machine the autoscaler launched: where, how it is bought, its state since when, what it costs, what it did.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Scaling.MachineStatus")]
public sealed record MachineStatus
{
    [Id(0)] public string NodeId { get; init; } = "";
    /// <summary>The provider's id of it; empty until the provider accepted the launch.</summary>
    [Id(1)] public string MachineId { get; init; } = "";
    [Id(2)] public string Provider { get; init; } = "";
    /// <summary>The price catalogue key it was bought by, e.g. <c>aws/us-east-1/g4dn.xlarge/spot</c>.</summary>
    [Id(3)] public string Instance { get; init; } = "";
    [Id(4)] public MachineState State { get; init; }
    [Id(5)] public DateTimeOffset Since { get; init; }
    [Id(6)] public DateTimeOffset LaunchedAt { get; init; }
    [Id(7)] public DateTimeOffset? JoinedAt { get; init; }
    [Id(8)] public decimal HourlyPrice { get; init; }
    [Id(9)] public string Currency { get; init; } = "USD";
    [Id(10)] public long ChunksRendered { get; init; }
    /// <summary>Why it is in its state, when it is not the plain course (never joined, drained when idle, reclaimed).</summary>
    [Id(11)] public string? Reason { get; init; }
}
