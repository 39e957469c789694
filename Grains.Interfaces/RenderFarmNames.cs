namespace RenderFarm;

/// <summary>Names silos and clients must agree on: providers, streams, the default pool.</summary>
public static class RenderFarmNames
{
    /// <summary>Grain state of jobs, chunks, nodes and schedulers.</summary>
    public const string Storage = "renderfarm";

    /// <summary>Orleans' own name for stream subscription state.</summary>
    public const string PubSubStore = "PubSubStore";

    public const string Streams = "renderfarm-streams";

    /// <summary>Stream namespace of job progress; the stream key is the job id.</summary>
    public const string JobProgressNamespace = "job-progress";

    /// <summary>Stream namespace of every change of a pool's jobs (<see cref="Jobs.JobSummary"/>); the stream key is the pool.</summary>
    public const string PoolJobsNamespace = "pool-jobs";

    /// <summary>The pool a node serves and a client talks to unless told otherwise.</summary>
    public const string DefaultPool = "default";

    /// <summary>The ADO.NET invariant that makes Orleans' providers (silo and client) load Npgsql for the farm database.</summary>
    public const string DatabaseInvariant = "Npgsql";
}
