namespace RenderFarm;

/// <summary>Provider names shared by silos and clients.</summary>
public static class RenderFarmNames
{
    /// <summary>Grain state of jobs, chunks, nodes and schedulers.</summary>
    public const string Storage = "renderfarm";

    /// <summary>Orleans' own name for stream subscription state.</summary>
    public const string PubSubStore = "PubSubStore";

    public const string Streams = "renderfarm-streams";

    /// <summary>Stream namespace of job progress; the stream key is the job id.</summary>
    public const string JobProgressNamespace = "job-progress";
}
