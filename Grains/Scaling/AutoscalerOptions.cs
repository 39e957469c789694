namespace RenderFarm.Scaling;

/// <summary>
/// How the farm grows and shrinks itself. Section "Autoscaler". Off unless <see cref="Enabled"/>; then
/// every pool of <see cref="Pools"/> has an autoscaler that launches machines of <see cref="Offers"/>
/// (tried in order: the next when a provider refuses one) between <see cref="MinNodes"/> and <see cref="MaxNodes"/>.
/// </summary>
public sealed class AutoscalerOptions
{
    public const string SectionName = "Autoscaler";

    public bool Enabled { get; set; }

    /// <summary>The pools scaled; each counts its own nodes.</summary>
    public List<string> Pools { get; set; } = [RenderFarmNames.DefaultPool];

    /// <summary>Price catalogue keys of the machines to launch, most wanted first, e.g. <c>aws/us-east-1/g4dn.xlarge/spot</c>.</summary>
    public List<string> Offers { get; set; } = [];

    /// <summary>Nodes the pool keeps however idle it is (the farm's own silos count).</summary>
    public int MinNodes { get; set; }

    /// <summary>Nodes the pool never goes beyond, launched or not.</summary>
    public int MaxNodes { get; set; } = 10;

    /// <summary>Render slots a launched machine is counted for before it joins; unset for what its cores give (the node's own rule).</summary>
    public int? SlotsPerMachine { get; set; }

    /// <summary>Launches at most this many machines a minute (AWS Deadline Cloud's default is 10 workers a minute).</summary>
    public int LaunchesPerMinute { get; set; } = 10;

    /// <summary>After launching, no node is drained for this long, and after draining none is launched: no flapping.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A launched node with nothing to do for this long is drained and terminated (Deadline Cloud's default is 300 s).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>A machine whose silo has not joined by then is terminated: it would bill and never render.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the autoscaler looks while it is active; a reminder (at least a minute) brings it back after its silo died.</summary>
    public TimeSpan EvaluatePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Scale out by CPU too: when the pool's nodes averaged at least this busy share (0..1) over
    /// <see cref="CpuWindow"/> and work is queued, one more node; unset to scale by the queue alone.
    /// </summary>
    public double? ScaleOutAboveCpu { get; set; }

    public TimeSpan CpuWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The farm id launched machines are tagged with; unset for the cluster id.</summary>
    public string? Farm { get; set; }

    /// <summary>The farm database launched silos join through; unset for this silo's own (<c>Cluster:Database</c>).</summary>
    public string? FarmDatabase { get; set; }

    /// <summary>Where a launched machine downloads the silo from (a .tar.gz of <c>dotnet publish Silo</c>); unset when its image holds it.</summary>
    public string? PackageUrl { get; set; }

    /// <summary>Settings every launched silo gets besides its farm, pool, node id and price entry (the media store, say), in environment form: <c>MediaStore__Kind</c>.</summary>
    public Dictionary<string, string> NodeSettings { get; set; } = new(StringComparer.Ordinal);
}
