using RenderFarm.Jobs;
using RenderFarm.Nodes;

namespace RenderFarm.Metrics;

/// <summary>
/// One reading of a pool's render metrics, as <c>renderfarm top</c> shows them: its nodes and slots, its
/// queue, its active jobs and how fast it renders. Rates compare with the reading before (see
/// <see cref="FarmMetricsRates"/>); the first reading has none.
/// </summary>
public sealed record FarmMetrics
{
    /// <summary>When the farm was read (the client's clock); rates are per second of this clock.</summary>
    public DateTimeOffset ReadAt { get; init; }

    public string Pool { get; init; } = "";

    /// <summary>Every node that ever registered in the pool, by its state.</summary>
    public IReadOnlyDictionary<NodeState, int> NodesByState { get; init; } = new Dictionary<NodeState, int>();

    /// <summary>Nodes that take work (<see cref="NodeState.Ready"/>).</summary>
    public int NodesActive => NodesByState.GetValueOrDefault(NodeState.Ready);

    public int NodesTotal => NodesByState.Values.Sum();

    /// <summary>Render slots of the nodes the scheduler dispatches to.</summary>
    public int Slots { get; init; }

    /// <summary>Render slots running a chunk.</summary>
    public int SlotsBusy { get; init; }

    /// <summary>Work waiting for a slot: chunks, and the sounds and merges waiting for an assembly slot.</summary>
    public int Queued { get; init; }

    /// <summary>Work running now: chunks, sounds and merges.</summary>
    public int Running { get; init; }

    /// <summary>The pool dispatches nothing ("pause all").</summary>
    public bool Paused { get; init; }

    /// <summary>The pool's jobs by state, from the job index; states without a job are left out.</summary>
    public IReadOnlyDictionary<JobState, int> JobsByState { get; init; } = new Dictionary<JobState, int>();

    /// <summary>The pool's jobs that have not ended; <see cref="Jobs"/> holds at most <see cref="FarmMetricsReader.MaxJobs"/> of them.</summary>
    public int ActiveJobCount => JobsByState.Where(j => JobStates.Active.Contains(j.Key)).Sum(j => j.Value);

    /// <summary>Frames of the active jobs rendered per second since the previous reading; null on the first.</summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>Chunks the pool's nodes committed per second since the previous reading; null on the first.</summary>
    public double? ChunksPerSecond { get; init; }

    /// <summary>The nodes, ready ones first, each by id.</summary>
    public IReadOnlyList<NodeMetrics> Nodes { get; init; } = [];

    /// <summary>The active jobs, newest first.</summary>
    public IReadOnlyList<JobMetrics> Jobs { get; init; } = [];

    /// <summary>What the pool's live nodes cost an hour together.</summary>
    public decimal HourlyCost => Nodes.Where(n => n.State != NodeState.Dead).Sum(n => n.HourlyPrice);

    public string Currency { get; init; } = "USD";
}
