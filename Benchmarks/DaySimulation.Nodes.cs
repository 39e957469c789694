using RenderFarm.Scaling;

namespace RenderFarm.Benchmarks;

/// <summary>The simulated machines and jobs: boot, chunks rendered and lost, reclaims, billing.</summary>
internal sealed partial class DaySimulation
{
    private enum NodeRunState { Booting, Ready, Draining, Gone }

    private sealed class JobRun(SimulatedJob spec)
    {
        public SimulatedJob Spec { get; } = spec;
        public bool Arrived { get; set; }
        /// <summary>Chunks waiting for a slot, lowest first (a chunk lost to a reclaim goes back in).</summary>
        public SortedSet<int> Pending { get; } = [.. Enumerable.Range(0, spec.Chunks)];
        public int Running { get; set; }
        public int Done { get; set; }
        public int FramesDone { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public int FramesLeft => Spec.Frames - FramesDone;
    }

    private sealed class ChunkRun(JobRun job, int chunk, DateTimeOffset startedAt)
    {
        public JobRun Job { get; } = job;
        public int Chunk { get; } = chunk;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public bool Lost { get; set; }
    }

    private sealed class NodeRun(string id, OfferTerms terms, DateTimeOffset launchedAt)
    {
        public string Id { get; } = id;
        public OfferTerms Terms { get; } = terms;
        public DateTimeOffset LaunchedAt { get; } = launchedAt;
        public DateTimeOffset? EndedAt { get; set; }
        public DateTimeOffset? ReadyAt { get; set; }
        public NodeRunState State { get; set; } = NodeRunState.Booting;
        public List<ChunkRun> Slots { get; } = [];
        public DateTimeOffset IdleSince { get; set; } = launchedAt;
        public double RenderedSlotSeconds { get; set; }
        public double LostSlotSeconds { get; set; }
        public bool Busy => Slots.Count > 0;
        public int Running => Slots.Count;
    }

    private void Launch(OfferTerms terms)
    {
        var node = new NodeRun($"sim-{nodes.Count + 1}", terms, now);
        nodes.Add(node);
        recentLaunches.Add(now);
        lastLaunch = now;
        At(now + options.BootTime, () =>
        {
            if (node.State == NodeRunState.Booting)
            {
                node.State = NodeRunState.Ready;
                node.IdleSince = now;
                node.ReadyAt = now;
            }
        });
        if (terms.Spot && settings.ReclaimsPerHour > 0)
        {
            // Exponential time to the reclaim: a Poisson process of the given rate per machine-hour.
            var reclaimAt = now + TimeSpan.FromHours(-Math.Log(1 - reclaims.NextDouble()) / settings.ReclaimsPerHour);
            var noticeAt = reclaimAt - settings.ReclaimNotice;
            At(noticeAt > now ? noticeAt : now, () =>
            {
                if (node.State == NodeRunState.Gone)
                    return;
                reclaimed++;
                node.State = NodeRunState.Draining;
            });
            At(reclaimAt, () => Reclaim(node));
        }
    }

    /// <summary>Free slots of ready nodes take the queued chunk of the nearest deadline (no deadline last), oldest job first among equals.</summary>
    private void Dispatch()
    {
        foreach (var node in nodes.Where(n => n.State == NodeRunState.Ready && n.Running < n.Terms.Slots))
        {
            while (node.Running < node.Terms.Slots && Next() is { } job)
            {
                var chunk = job.Pending.Min;
                job.Pending.Remove(chunk);
                job.Running++;
                var run = new ChunkRun(job, chunk, now);
                node.Slots.Add(run);
                At(now + TimeSpan.FromSeconds(job.Spec.FramesOf(chunk) * settings.SecondsPerFrame), () => Complete(node, run));
            }
        }
    }

    private JobRun? Next() =>
        jobs.Where(j => j.Arrived && j.Pending.Count > 0)
            .OrderBy(j => j.Spec.Deadline ?? DateTimeOffset.MaxValue)
            .ThenBy(j => j.Spec.ArrivesAt)
            .FirstOrDefault();

    private void Complete(NodeRun node, ChunkRun run)
    {
        if (run.Lost)
            return;
        node.Slots.Remove(run);
        node.RenderedSlotSeconds += (now - run.StartedAt).TotalSeconds;
        if (!node.Busy)
            node.IdleSince = now;
        var job = run.Job;
        job.Running--;
        job.Done++;
        job.FramesDone += job.Spec.FramesOf(run.Chunk);
        if (job.Done == job.Spec.Chunks)
            job.FinishedAt = now;
    }

    /// <summary>The provider takes the machine (counted at its notice; a node idle by then was terminated first): what runs on it is lost and queued again.</summary>
    private void Reclaim(NodeRun node)
    {
        if (node.State == NodeRunState.Gone)
            return;
        foreach (var run in node.Slots)
        {
            run.Lost = true;
            run.Job.Running--;
            run.Job.Pending.Add(run.Chunk);
            node.LostSlotSeconds += (now - run.StartedAt).TotalSeconds;
        }
        node.Slots.Clear();
        End(node);
    }

    private void End(NodeRun node)
    {
        node.State = NodeRunState.Gone;
        node.EndedAt = now;
    }

    private DayResult Result()
    {
        var billed = nodes.Select(n => (Node: n, Seconds: n.Terms.Offer.Billing.MachineSeconds(n.EndedAt!.Value - n.LaunchedAt))).ToList();
        var cost = billed.Sum(b => b.Node.Terms.Offer.HourlyPrice * b.Seconds / 3600m);
        var slotSeconds = billed.Sum(b => (double)b.Seconds * b.Node.Terms.Slots);
        var rendering = nodes.Sum(n => n.RenderedSlotSeconds + n.LostSlotSeconds);
        var booting = nodes.Sum(n => ((n.ReadyAt ?? n.EndedAt!.Value) - n.LaunchedAt).TotalSeconds * n.Terms.Slots);
        var late = jobs.Where(j => j.Spec.Deadline is { } due && j.FinishedAt > due).Select(j => j.FinishedAt!.Value - j.Spec.Deadline!.Value).ToList();
        return new DayResult(
            Math.Round(cost, 2),
            jobs.Count,
            late.Count,
            late.Count > 0 ? late.Max() : TimeSpan.Zero,
            billed.Sum(b => b.Seconds) / 3600.0,
            billed.Where(b => b.Node.Terms.Spot).Sum(b => b.Seconds) / 3600.0,
            slotSeconds > 0 ? 1 - rendering / slotSeconds : 0,
            slotSeconds > 0 ? booting / slotSeconds : 0,
            reclaimed,
            nodes.Sum(n => n.LostSlotSeconds) / 3600,
            nodes.Count,
            jobs.Max(j => j.FinishedAt ?? now) - jobs.Min(j => j.Spec.ArrivesAt));
    }
}
