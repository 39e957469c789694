namespace RenderFarm.Scaling.Local;

/// <summary>A local machine as its state file keeps it: its silo process (by id and start time, so a reused id is not taken for it) and its tags.</summary>
public sealed record LocalMachineRecord(
    string MachineId,
    string NodeId,
    int ProcessId,
    DateTime ProcessStartedAt,
    DateTimeOffset LaunchedAt,
    IReadOnlyDictionary<string, string> Tags)
{
    public string Instance => Tags.TryGetValue(MachineTags.Instance, out var key) ? key : "";
    public string Farm => Tags.TryGetValue(MachineTags.Farm, out var farm) ? farm : "";
}
