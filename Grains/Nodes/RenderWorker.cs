using RenderFarm.Rendering;
using System.Diagnostics;
using RenderFarm.Chunks;
using RenderFarm.Scheduling;
using RenderFarm.Telemetry;

namespace RenderFarm.Nodes;

/// <summary>
/// The silo-local runner of a node's work: grains hand it an assignment, which runs on the thread
/// pool outside any grain call. It does not count slots (the scheduler owns them and never sends a
/// node more than it has); it counts what ran, for the node's load report.
/// </summary>
public sealed class RenderWorker(IRenderExecutor executor, RenderFarmMetrics metrics, LocalRenderNode node) : IDisposable
{
    private readonly Lock counters = new();
    private readonly CancellationTokenSource shutdown = new();
    private int running;
    private int mostAtOnce;
    private long chunksRendered;
    private long chunksFailed;
    private long framesRendered;

    public NodeLoad Load
    {
        get
        {
            lock (counters)
                return new NodeLoad { Running = running, MostAtOnce = mostAtOnce, ChunksRendered = chunksRendered, ChunksFailed = chunksFailed, FramesRendered = framesRendered };
        }
    }

    /// <summary>Stops every render of this node (the silo is shutting down).</summary>
    public void CancelAll() => shutdown.Cancel();

    /// <summary>Runs one attempt and returns the committed file.</summary>
    public Task<CommittedFile> RunAsync(WorkAssignment assignment, IProgress<int> framesDone, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
            var key = assignment.Order.Key;
            Started(key.Kind);
            var (succeeded, stopped) = (false, false);
            var clock = Stopwatch.StartNew();
            try
            {
                var file = await (key.Kind switch
                {
                    WorkKind.Chunk => executor.RenderChunkAsync(assignment.Spec, key.Chunk, key.Lane, assignment.Order.Range, framesDone, linked.Token),
                    WorkKind.Sound => executor.RenderAudioAsync(assignment.Spec, key.JobId, linked.Token),
                    WorkKind.Merge => executor.MergeAsync(assignment.Spec, key.JobId, assignment.Order.Merge!.Chunks, assignment.Order.Merge.SoundPath, linked.Token),
                    _ => throw new ArgumentOutOfRangeException(nameof(assignment), key.Kind, "no such kind of work"),
                });
                succeeded = true;
                Measure(assignment, file, clock.Elapsed);
                return file;
            }
            catch (OperationCanceledException)
            {
                stopped = true;
                throw;
            }
            finally
            {
                Finished(key.Kind, succeeded, stopped, assignment.Order.Range.Count);
            }
        }, cancellationToken);

    /// <summary>Counts renders, the work of render slots; a sound or a merge runs in the assembly slot beside them.</summary>
    private void Started(WorkKind kind)
    {
        if (kind != WorkKind.Chunk)
            return;
        lock (counters)
        {
            running++;
            mostAtOnce = Math.Max(mostAtOnce, running);
        }
    }

    private void Measure(WorkAssignment assignment, CommittedFile committed, TimeSpan took)
    {
        metrics.FileCommitted(node.Pool, node.NodeId, committed.Bytes);
        if (assignment.Order.Key.Kind == WorkKind.Chunk)
            metrics.ChunkCommitted(node.Pool, node.NodeId, assignment.Spec.Timeline.Render.Preset, assignment.Order.Range.Count, took, MediaSizes.ChunkInputs(assignment.Spec, assignment.Order.Range));
    }

    /// <summary>An attempt stopped (cancelled, paused, superseded) is neither rendered nor failed.</summary>
    private void Finished(WorkKind kind, bool succeeded, bool stopped, int frames)
    {
        if (kind != WorkKind.Chunk)
            return;
        if (!succeeded && !stopped)
            metrics.ChunkFailed(node.Pool, node.NodeId);
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
    }
}
