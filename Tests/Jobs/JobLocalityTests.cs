using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Scheduling;

namespace RenderFarm.Tests.Jobs;

public sealed class JobLocalityTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static AttemptRecord Start(AssetLocality? assets) =>
        new(1, 0, "n1", At, Host: new AttemptHost(default!, 10, 1, assets));

    [Fact]
    public void Counts_the_starts_that_read_uploaded_assets_and_those_whose_node_held_them_all()
    {
        var pieces = new[]
        {
            new ChunkStatus { History = [Start(new AssetLocality(2, 2)), Start(new AssetLocality(2, 1))] },
            new ChunkStatus { History = [Start(null), Start(new AssetLocality(1, 0)), new AttemptRecord(2, 0, "n2", At)] },
        };

        var locality = JobLocality.Of(pieces);

        Assert.Equal(new JobLocality(Starts: 3, StartsWithAllHeld: 1, AssetsNeeded: 5, AssetsHeld: 3), locality);
        Assert.Equal(1.0 / 3, locality.Share!.Value, 6);
        Assert.Null(JobLocality.Of([new ChunkStatus { History = [Start(null)] }]).Share);
    }
}
