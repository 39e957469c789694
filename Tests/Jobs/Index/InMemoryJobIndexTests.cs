using RenderFarm.Jobs;

namespace RenderFarm.Tests.Jobs.Index;

/// <summary>The in-memory job index (embedded farms and in-process clusters) against the shared contract.</summary>
public sealed class InMemoryJobIndexTests : JobIndexContract
{
    protected override IJobIndex Index { get; } = new InMemoryJobIndex();
}
