namespace RenderFarm.Jobs;

/// <summary>
/// Orders a job's updates: <see cref="Stored"/> grows with every stored change (and with every new
/// activation), <see cref="Published"/> with every update between two of them. A watcher drops any
/// update not newer than the last it showed, so states never go backwards on screen.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobRevision")]
public readonly record struct JobRevision([property: Id(0)] long Stored, [property: Id(1)] long Published) : IComparable<JobRevision>
{
    public int CompareTo(JobRevision other) => Stored != other.Stored ? Stored.CompareTo(other.Stored) : Published.CompareTo(other.Published);

    public static bool operator >(JobRevision a, JobRevision b) => a.CompareTo(b) > 0;
    public static bool operator <(JobRevision a, JobRevision b) => a.CompareTo(b) < 0;
    public static bool operator >=(JobRevision a, JobRevision b) => a.CompareTo(b) >= 0;
    public static bool operator <=(JobRevision a, JobRevision b) => a.CompareTo(b) <= 0;
}
