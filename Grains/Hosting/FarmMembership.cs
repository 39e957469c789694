using Orleans.Configuration;

namespace RenderFarm.Hosting;

/// <summary>
/// How quickly a lost render node is noticed. Every minute a dead node goes unnoticed, its chunks wait;
/// a node wrongly declared dead costs one chunk rendered twice (and the node rejoins on restart). So
/// detection is tuned to seconds, with enough slack that a machine whose cores are all busy with x264
/// still answers in time:
/// - a probe is missed after 3 s (Orleans answers probes on its own threads, well within that even
///   with ffmpeg on every core), and 2 missed probes make a suspicion: about 6 s from death to vote;
/// - 2 votes declare death (Orleans uses fewer when fewer silos are left to vote);
/// - the membership table is re-read every 10 s, so a node that missed the news catches up quickly;
/// - each silo writes "I am alive" every 10 s, and a silo that missed 2 of those is not waited for by a
///   joining silo: after a power cut that took every node (nobody left to declare the dead), nodes that
///   come back on new addresses join 20 s after the cut instead of the default minute. A node that comes
///   back on its own address and port replaces its old entry at once.
/// Measured with kill -9 on real silo processes: see docs/benchmarks.md (failover).
/// </summary>
public static class FarmMembership
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    public const int MissedProbesLimit = 2;
    public const int VotesForDeath = 2;
    public static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan IAmAlivePeriod = TimeSpan.FromSeconds(10);
    public const int MissedIAmAliveLimit = 2;

    public static void Tune(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.NumVotesForDeathDeclaration = VotesForDeath;
        options.TableRefreshTimeout = TableRefresh;
        options.IAmAliveTablePublishTimeout = IAmAlivePeriod;
        options.NumMissedTableIAmAliveLimit = MissedIAmAliveLimit;
    }
}
