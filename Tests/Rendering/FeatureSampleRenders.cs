using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

/// <summary>The feature sample rendered once in 1, 3 and 7 evenly cut chunks, shared by the tests that inspect it.</summary>
public sealed class FeatureSampleRenders : IAsyncLifetime
{
    public static readonly int[] ChunkCounts = [1, 3, 7];

    private readonly TestDirectory directory = new("feature");

    public ResolvedTimeline Timeline { get; private set; } = null!;
    public Dictionary<int, RenderReport> Reports { get; } = [];

    public string OutputFor(int chunks) => Reports[chunks].OutputPath;

    public async ValueTask InitializeAsync()
    {
        Timeline = await SampleMedia.LoadAsync("feature.json");
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = directory.File("work") });
        foreach (var count in ChunkCounts)
        {
            var chunks = EvenSplit.Of(Timeline.Output.DurationFrames, count);
            Reports[count] = await engine.RenderAsync(Timeline, chunks, directory.File($"feature-{count}.mp4"));
        }
    }

    public ValueTask DisposeAsync()
    {
        directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
