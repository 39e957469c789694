namespace RenderFarm.Scaling;

/// <summary>A pool autoscaler's memory: its machines by node id, an operator's target, the offers waiting out a refusal, its latest decisions and launches.</summary>
[GenerateSerializer, Alias("RenderFarm.Scaling.AutoscalerRecord")]
public sealed class AutoscalerRecord
{
    public const int DecisionsKept = 50;
    public const int EndedMachinesKept = 50;

    [Id(0)] public Dictionary<string, MachineStatus> Machines { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public List<ScalingDecision> Decisions { get; set; } = [];
    [Id(2)] public Dictionary<string, OfferBackoff> Backoffs { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Refusals in a row per offer: each backoff is longer than the last.</summary>
    [Id(3)] public Dictionary<string, int> Refusals { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public int? ManualTarget { get; set; }
    [Id(5)] public List<DateTimeOffset> RecentLaunches { get; set; } = [];
    [Id(6)] public DateTimeOffset? LastLaunchAt { get; set; }
    [Id(7)] public DateTimeOffset? LastDrainAt { get; set; }

    public void Decided(IEnumerable<ScalingDecision> decisions)
    {
        Decisions.AddRange(decisions);
        if (Decisions.Count > DecisionsKept)
            Decisions.RemoveRange(0, Decisions.Count - DecisionsKept);
    }

    /// <summary>Terminated machines beyond the newest are forgotten: the ledger keeps what they cost.</summary>
    public void ForgetOldEnded()
    {
        var ended = Machines.Values.Where(m => m.State == MachineState.Terminated).OrderByDescending(m => m.Since).Skip(EndedMachinesKept).ToList();
        foreach (var machine in ended)
            Machines.Remove(machine.NodeId);
    }
}
