using RenderFarm.Costs;

namespace RenderFarm.Scaling;

/// <summary>
/// How the farm grows and shrinks itself. Section "Autoscaler". Off unless <see cref="Enabled"/>; then
/// every pool of <see cref="Pools"/> has an autoscaler that launches machines of <see cref="Offers"/>
/// (the mix chosen by <see cref="OfferChooser"/>: the next best when a provider refuses one) between
/// <see cref="MinNodes"/> and <see cref="MaxNodes"/>.
/// </summary>
public sealed class AutoscalerOptions
{
    public const string SectionName = "Autoscaler";

    /// <summary>
    /// Reclaims per machine-hour expected of spot machines: AWS's Spot Instance Advisor puts most GPU
    /// types in its lowest band (under 5 % a month, about 0.0001 an hour), but a busy type or region
    /// reclaims far more often; 0.05 an hour (one in 20 machine-hours) errs on the side of on-demand.
    /// </summary>
    public const double DefaultSpotReclaimsPerHour = 0.05;

    /// <summary>From the launch call to a silo that renders: a cloud machine's boot, the install script, the silo's start and join.</summary>
    public static readonly TimeSpan DefaultBootTime = TimeSpan.FromMinutes(3);

    /// <summary>What a job's expected end must leave before its deadline for spot to be good enough: estimates are off by a tenth or more.</summary>
    public static readonly TimeSpan DefaultDeadlineMargin = TimeSpan.FromMinutes(10);

    public bool Enabled { get; set; }

    /// <summary>The pools scaled; each counts its own nodes.</summary>
    public List<string> Pools { get; set; } = [RenderFarmNames.DefaultPool];

    /// <summary>Price catalogue keys of the machines the autoscaler may launch, e.g. <c>aws/us-east-1/g4dn.xlarge/spot</c>; which of them is its choice (<see cref="OfferChooser"/>).</summary>
    public List<string> Offers { get; set; } = [];

    /// <summary>Reclaims per machine-hour expected of a spot offer without its own rate in <see cref="ReclaimRates"/>.</summary>
    public double SpotReclaimsPerHour { get; set; } = DefaultSpotReclaimsPerHour;

    /// <summary>Reclaims per machine-hour by offer key (<c>aws/us-east-1/g4dn.xlarge/spot</c>) or provider (<c>gcp</c>); the offer's own first.</summary>
    public Dictionary<string, double> ReclaimRates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Slot time a reclaim loses; unset for half of the job's mean piece (a piece is lost at a random point of it).</summary>
    public TimeSpan? ReclaimRework { get; set; }

    /// <summary>From the launch to a node that renders: counted before any work of a new machine ends, and again for a reclaimed one's replacement.</summary>
    public TimeSpan BootTime { get; set; } = DefaultBootTime;

    /// <summary>A job whose expected end on spot leaves less than this before its deadline gets on-demand machines.</summary>
    public TimeSpan DeadlineMargin { get; set; } = DefaultDeadlineMargin;

    /// <summary>Idle nodes kept ready by time of day, for fast starts: the most of the windows open at a moment.</summary>
    public List<WarmPoolWindow> WarmPool { get; set; } = [];

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

    /// <summary>Expected reclaims per machine-hour of an offer: 0 on demand, its own rate, its provider's, or <see cref="SpotReclaimsPerHour"/>.</summary>
    public double ReclaimsPerHourOf(InstancePrice offer) =>
        offer.Pricing != PricingModel.Spot ? 0
        : ReclaimRates.TryGetValue(offer.Key, out var own) ? own
        : ReclaimRates.TryGetValue(offer.Provider, out var provider) ? provider
        : SpotReclaimsPerHour;

    /// <summary>The farm id launched machines are tagged with; unset for the cluster id.</summary>
    public string? Farm { get; set; }

    /// <summary>The farm database launched silos join through; unset for this silo's own (<c>Cluster:Database</c>).</summary>
    public string? FarmDatabase { get; set; }

    /// <summary>Where a launched machine downloads the silo from (a .tar.gz of <c>dotnet publish Silo</c>); unset when its image holds it.</summary>
    public string? PackageUrl { get; set; }

    /// <summary>Settings every launched silo gets besides its farm, pool, node id and price entry (the media store, say), in environment form: <c>MediaStore__Kind</c>.</summary>
    public Dictionary<string, string> NodeSettings { get; set; } = new(StringComparer.Ordinal);
}
