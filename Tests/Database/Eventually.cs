using System.Diagnostics;

namespace RenderFarm.Tests.Database;

/// <summary>Bounded polling of something only observable from outside (a table, a cluster's view).</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="done"/> holds and returns that reading;
    /// after <paramref name="limit"/> fails with a message naming <paramref name="what"/> and the last reading.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan limit, string what, Func<T, string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reading = await probe();
            if (done(reading))
                return reading;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"waited {limit.TotalSeconds:0.#}s for {what}; last seen: {(describe ?? Describe)(reading)}");
            await Task.Delay(PollInterval);
        }
    }

    private static string Describe<T>(T reading) =>
        reading is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object>()) + "]"
            : reading?.ToString() ?? "null";
}
