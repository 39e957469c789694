using RenderFarm.Costs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>
/// What a job stores: its submission, its state, and the record of every piece of its work (which
/// node rendered what, in how many attempts). It is the one record of the job: nothing else keeps
/// a copy that could disagree.
/// </summary>
[GenerateSerializer, Alias("RenderFarm.JobRecord")]
public sealed class JobRecord
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public JobTicket Ticket { get; set; } = null!;
    /// <summary>The timeline as submitted (its media not yet checked).</summary>
    [Id(2)] public Timeline Submitted { get; set; } = null!;
    [Id(3)] public JobOptions Options { get; set; } = new();
    [Id(4)] public JobState State { get; set; }
    [Id(5)] public DateTimeOffset? StartedAt { get; set; }
    [Id(6)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(7)] public string? OutputPath { get; set; }
    [Id(8)] public string? Error { get; set; }
    [Id(9)] public string Pool { get; set; } = "";
    [Id(10)] public string Submitter { get; set; } = "";
    /// <summary>The timeline with its media resolved, once checked.</summary>
    [Id(11)] public ResolvedTimeline? Timeline { get; set; }
    [Id(12)] public List<ValidationError> Refusals { get; set; } = [];
    /// <summary>The chunks in order, then the sound, then the merge.</summary>
    [Id(13)] public List<ChunkRecord> Pieces { get; set; } = [];
    /// <summary>Failed attempts per node, for the blocklist.</summary>
    [Id(14)] public Dictionary<string, int> NodeFailures { get; set; } = new(StringComparer.Ordinal);
    [Id(15)] public List<string> Blocklist { get; set; } = [];
    /// <summary>Grows with every write, so that updates published after it are newer than any before.</summary>
    [Id(16)] public long Revision { get; set; }
    /// <summary>Who pays for the job; "" for a job stored before jobs had projects.</summary>
    [Id(17)] public string Project { get; set; } = "";
    /// <summary>The estimate made when its media was accepted.</summary>
    [Id(18)] public CostEstimate? Estimate { get; set; }
    /// <summary>What its user's monthly cap left when it was accepted; null when the user has none.</summary>
    [Id(19)] public decimal? Allowance { get; set; }
    /// <summary>The finished file, once the job completed.</summary>
    [Id(20)] public CommittedFile? Output { get; set; }
    /// <summary>When the farm's retention removed the job's output from the media store.</summary>
    [Id(21)] public DateTimeOffset? OutputRemovedAt { get; set; }
    /// <summary>Its deadline outlook was last seen late, and its notifications were told; cleared once it is back on track.</summary>
    [Id(22)] public bool DeadlineAtRisk { get; set; }

    /// <summary>The cap in force: the job's own or its user's allowance, whichever is lower.</summary>
    public decimal? Cap => (Options.MaxCost, Allowance) switch
    {
        ({ } own, { } allowance) => Math.Min(own, allowance),
        (var own, var allowance) => own ?? allowance,
    };
}
