using RenderFarm.Timelines;

namespace RenderFarm.Tests.Support;

/// <summary>The samples' media, generated once per test run by samples/make-media.sh.</summary>
public static class SampleMedia
{
    public static string Root { get; } = Path.Combine(RepositoryPaths.Samples, "media");

    private static readonly Lazy<Task> Made = new(() =>
        ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryPaths.Samples, "make-media.sh"), Root], TimeSpan.FromMinutes(5)));

    public static Task EnsureAsync() => Made.Value;

    public static async Task<ResolvedTimeline> LoadAsync(string sampleName)
    {
        await EnsureAsync();
        return await TimelineLoader.LoadAsync(Path.Combine(RepositoryPaths.Samples, sampleName), Root, CancellationToken.None);
    }

    public static async Task<ResolvedTimeline> ResolveAsync(Timeline timeline)
    {
        await EnsureAsync();
        return await TimelineLoader.ResolveAsync(timeline, Root, CancellationToken.None);
    }
}
