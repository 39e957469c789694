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
public sealed class RenderWorker(IRenderExecutor executor, RenderFarmMetrics metrics, LocalRenderNode node, TimeProvider clock) : IDisposable
{
    private readonly Lock counters = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ChunkRun, byte> chunkRuns = new();
    private DateTimeOffset? finishBy;
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

    /// <summary>
    /// The machine is being reclaimed and must have committed its work by <paramref name="deadline"/>:
    /// each running chunk expected to finish by then at its rate so far runs on, and is still stopped
    /// there if it slows; any other is stopped at a frame boundary now and commits the frames it finished.
    /// </summary>
    public IReadOnlyList<ReclaimDecision> FinishBefore(DateTimeOffset deadline)
    {
        lock (counters)
            finishBy = deadline;
        var now = clock.GetUtcNow();
        var decisions = new List<ReclaimDecision>();
        foreach (var run in chunkRuns.Keys)
        {
            var done = run.FramesDone;
            var expected = FinishForecast.ExpectedEnd(done, run.Frames, now - run.StartedAt, now);
            var runsOn = FinishForecast.FinishesBy(done, run.Frames, now - run.StartedAt, now, deadline);
            run.FinishBy(runsOn ? deadline : now, now);
            decisions.Add(new ReclaimDecision(run.Name, done, run.Frames, expected, runsOn));
        }
        return decisions;
    }

    /// <summary>Runs one attempt and returns the committed file; a chunk's ffmpeg run is watched by <paramref name="ffmpegWatch"/>.</summary>
    public Task<CommittedFile> RunAsync(WorkAssignment assignment, IProgress<int> framesDone, CancellationToken cancellationToken, FfmpegRunWatch? ffmpegWatch = null) =>
        Task.Run(async () =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
            var key = assignment.Order.Key;
            Started(key.Kind);
            var (succeeded, stopped) = (false, false);
            var watch = Stopwatch.StartNew();
            using var run = key.Kind == WorkKind.Chunk ? Track(assignment) : null;
            var frames = assignment.Order.Range.Count;
            try
            {
                var file = await (key.Kind switch
                {
                    WorkKind.Chunk => executor.RenderChunkAsync(assignment.Spec, key.Chunk, key.Lane, assignment.Order.Range, run!.Track(framesDone), ffmpegWatch, linked.Token, run.FinishEarly.Token),
                    WorkKind.Sound => executor.RenderAudioAsync(assignment.Spec, key.JobId, linked.Token),
                    WorkKind.Merge => executor.MergeAsync(assignment.Spec, key.JobId, assignment.Order.Merge!.Chunks, assignment.Order.Merge.SoundPath, linked.Token),
                    _ => throw new ArgumentOutOfRangeException(nameof(assignment), key.Kind, "no such kind of work"),
                });
                succeeded = true;
                frames = file.Frames ?? frames;
                Measure(assignment, file, frames, watch.Elapsed);
                return file;
            }
            catch (OperationCanceledException) when (run is { FinishEarly.IsCancellationRequested: true } && !linked.IsCancellationRequested)
            {
                stopped = true;
                throw new StoppedForReclaimException($"{key} was stopped for its machine's reclaim before it finished a frame");
            }
            catch (OperationCanceledException)
            {
                stopped = true;
                throw;
            }
            finally
            {
                if (run is not null)
                    chunkRuns.TryRemove(run, out _);
                Finished(key.Kind, succeeded, stopped, frames);
            }
        }, cancellationToken);

    private ChunkRun Track(WorkAssignment assignment)
    {
        var now = clock.GetUtcNow();
        var run = new ChunkRun(assignment.Order.Key.ToString(), assignment.Order.Range.Count, now);
        chunkRuns[run] = 0;
        DateTimeOffset? deadline;
        lock (counters)
            deadline = finishBy;
        // Started as the notice came: it gets the same deadline.
        if (deadline is { } by)
            run.FinishBy(by, now);
        return run;
    }

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

    private void Measure(WorkAssignment assignment, CommittedFile committed, int frames, TimeSpan took)
    {
        metrics.FileCommitted(node.Pool, node.NodeId, committed.Bytes);
        if (assignment.Order.Key.Kind == WorkKind.Chunk)
            metrics.ChunkCommitted(node.Pool, node.NodeId, assignment.Spec.Timeline.Render.Preset, frames, took, MediaSizes.ChunkInputs(assignment.Spec, assignment.Order.Range));
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
