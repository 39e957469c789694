namespace RenderFarm.Benchmarks;

/// <summary>A job of the simulated day: when it arrives, its frames and chunk length, its deadline, and what its estimate says a frame takes.</summary>
internal sealed record SimulatedJob(int Id, DateTimeOffset ArrivesAt, int Frames, int ChunkFrames, DateTimeOffset? Deadline, double EstimatedSecondsPerFrame)
{
    public int Chunks => (Frames + ChunkFrames - 1) / ChunkFrames;

    public int FramesOf(int chunk) => Math.Min(ChunkFrames, Frames - chunk * ChunkFrames);
}

/// <summary>
/// A day of job arrivals, seeded: 40 to 80 jobs spread over 24 hours (more in working hours), 1,000 to
/// 20,000 frames each, cut into chunks of <see cref="ChunkFrames"/>; a quarter due tight (1.2 to 2
/// times what the job takes alone on the pool's largest size, plus 10 minutes), half due
/// within hours (3 to 10 times), a quarter with no deadline. Estimates are off by up to ±20 %.
/// </summary>
internal static class DayWorkload
{
    public const int ChunkFrames = 240;

    public static IReadOnlyList<SimulatedJob> Generate(int seed, DateTimeOffset start, double secondsPerFrame, int maxSlots, TimeSpan boot)
    {
        var random = new Random(seed);
        var count = random.Next(40, 81);
        var jobs = new List<SimulatedJob>();
        for (var id = 1; id <= count; id++)
        {
            var arrives = start + ArrivalOffset(random);
            var frames = random.Next(1_000, 20_001);
            var chunks = (frames + ChunkFrames - 1) / ChunkFrames;
            // Alone, on as many slots as it has chunks (at most the pool's): boot, then its chunks in waves.
            var alone = boot + TimeSpan.FromSeconds(Math.Ceiling((double)chunks / maxSlots) * ChunkFrames * secondsPerFrame);
            var kind = random.NextDouble();
            DateTimeOffset? deadline = kind switch
            {
                < 0.25 => arrives + TimeSpan.FromMinutes(10) + alone * (1.2 + 0.8 * random.NextDouble()),
                < 0.75 => arrives + alone * (3 + 7 * random.NextDouble()),
                _ => null,
            };
            var estimate = secondsPerFrame * (0.8 + 0.4 * random.NextDouble());
            jobs.Add(new SimulatedJob(id, arrives, frames, ChunkFrames, deadline, estimate));
        }
        return jobs.OrderBy(j => j.ArrivesAt).ToList();
    }

    /// <summary>Two thirds of the jobs between 08:00 and 20:00, the rest at any hour.</summary>
    private static TimeSpan ArrivalOffset(Random random) =>
        random.NextDouble() < 2.0 / 3
            ? TimeSpan.FromHours(8 + 12 * random.NextDouble())
            : TimeSpan.FromHours(24 * random.NextDouble());
}
