using Microsoft.Extensions.Options;
using RenderFarm.Chunks;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Nodes;

/// <summary>
/// The silo-local owner of the machine's render slots. Grains hand it long work, which runs on the
/// thread pool outside any grain call; at most <see cref="RenderNodeOptions.RenderSlots"/> chunks run at once.
/// </summary>
public sealed class RenderWorker(IRenderExecutor executor, IOptions<RenderNodeOptions> options) : IDisposable
{
    private readonly SemaphoreSlim slots = SlotsFor(options.Value);
    private readonly Lock counters = new();
    private readonly CancellationTokenSource shutdown = new();
    private int running;
    private int mostAtOnce;
    private long chunksRendered;
    private long chunksFailed;
    private long framesRendered;

    public int RenderSlots => options.Value.RenderSlots;

    public NodeLoad Load
    {
        get
        {
            lock (counters)
                return new NodeLoad { Running = running, MostAtOnce = mostAtOnce, ChunksRendered = chunksRendered, ChunksFailed = chunksFailed, FramesRendered = framesRendered };
        }
    }

    private static SemaphoreSlim SlotsFor(RenderNodeOptions options)
    {
        options.Validate();
        return new SemaphoreSlim(options.RenderSlots, options.RenderSlots);
    }

    /// <summary>Stops every render of this node (the silo is shutting down).</summary>
    public void CancelAll() => shutdown.Cancel();

    public Task<string> RenderChunkAsync(ResolvedTimeline timeline, ChunkKey chunk, int lane, FrameRange range, IProgress<int> framesDone, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
            cancellationToken = linked.Token;
            await slots.WaitAsync(cancellationToken);
            Started();
            var succeeded = false;
            try
            {
                var path = await executor.RenderChunkAsync(timeline, chunk, lane, range, framesDone, cancellationToken);
                succeeded = true;
                return path;
            }
            finally
            {
                Finished(succeeded, succeeded ? range.Count : 0);
                slots.Release();
            }
        }, cancellationToken);

    /// <summary>The sound and the merge are short, stream-copy-sized work: they do not take a chunk slot.</summary>
    public Task<string> RenderAudioAsync(ResolvedTimeline timeline, Guid jobId, CancellationToken cancellationToken) =>
        Task.Run(() => executor.RenderAudioAsync(timeline, jobId, cancellationToken), cancellationToken);

    public Task<string> MergeAsync(ResolvedTimeline timeline, Guid jobId, IReadOnlyList<ChunkFile> chunks, string audioPath, CancellationToken cancellationToken) =>
        Task.Run(() => executor.MergeAsync(timeline, jobId, chunks, audioPath, cancellationToken), cancellationToken);

    private void Started()
    {
        lock (counters)
        {
            running++;
            mostAtOnce = Math.Max(mostAtOnce, running);
        }
    }

    private void Finished(bool succeeded, int frames)
    {
        lock (counters)
        {
            running--;
            if (succeeded)
            {
                chunksRendered++;
                framesRendered += frames;
            }
            else
            {
                chunksFailed++;
            }
        }
    }

    public void Dispose()
    {
        shutdown.Cancel();
        shutdown.Dispose();
        slots.Dispose();
    }
}
