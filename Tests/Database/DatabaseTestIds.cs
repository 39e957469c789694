namespace RenderFarm.Tests.Database;

/// <summary>
/// The ids one test writes under: a ServiceId of its own (grain state and reminders) and cluster ids
/// that share a prefix (membership), so tests never see each other's rows and can delete their own.
/// </summary>
public sealed class DatabaseTestIds
{
    private int clusters;

    public DatabaseTestIds(string testName)
    {
        ServiceId = $"rf-{testName}-{Guid.NewGuid():N}"[..(testName.Length + 16)];
        ClusterIdPrefix = ServiceId + "-cluster-";
    }

    public string ServiceId { get; }
    public string ClusterIdPrefix { get; }

    public string NextClusterId() => ClusterIdPrefix + Interlocked.Increment(ref clusters);
}
