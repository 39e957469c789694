namespace RenderFarm.Nodes;

/// <summary>A chunk render running on this node, as far as a reclaim needs to know it: its progress, and the way to finish it early.</summary>
internal sealed class ChunkRun(string name, int frames, DateTimeOffset startedAt) : IDisposable
{
    private int framesDone;

    public string Name { get; } = name;
    public int Frames { get; } = frames;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public int FramesDone => Volatile.Read(ref framesDone);
    public CancellationTokenSource FinishEarly { get; } = new();

    public IProgress<int> Track(IProgress<int> progress) => new Rendering.SynchronousProgress<int>(done =>
    {
        Volatile.Write(ref framesDone, done);
        progress.Report(done);
    });

    /// <summary>Finishes the render at a frame boundary now, or at <paramref name="at"/> at the latest.</summary>
    public void FinishBy(DateTimeOffset at, DateTimeOffset now)
    {
        try
        {
            if (at <= now)
                FinishEarly.Cancel();
            else
                FinishEarly.CancelAfter(at - now);
        }
        catch (ObjectDisposedException)
        {
            // It has just ended.
        }
    }

    public void Dispose() => FinishEarly.Dispose();
}

/// <summary>What a reclaim notice decided for one running chunk.</summary>
/// <param name="ExpectedEnd">When it was expected to finish at its rate so far; null before its first frame.</param>
/// <param name="RunsOn">Expected to finish in time: it runs on (and is still stopped at the deadline if it slows).</param>
public sealed record ReclaimDecision(string Chunk, int FramesDone, int Frames, DateTimeOffset? ExpectedEnd, bool RunsOn);
