using System.Threading.Channels;

namespace RenderFarm.Tests.Database.TestGrains;

public sealed record ReminderTick(string GrainKey, string ReminderName, SiloAddress Silo, DateTime At);

/// <summary>
/// Where reminder probes report their ticks. The test cluster runs in the test process, so the grains
/// and the test share this; each probe key has its own channel, which a test reads with a time limit.
/// </summary>
public static class ReminderTicks
{
    private static readonly Dictionary<string, Channel<ReminderTick>> Channels = [];

    public static void Record(ReminderTick tick) => ChannelFor(tick.GrainKey).Writer.TryWrite(tick);

    /// <summary>Waits for the next tick of probe <paramref name="grainKey"/> that <paramref name="wanted"/> accepts.</summary>
    public static async Task<ReminderTick> NextAsync(string grainKey, Func<ReminderTick, bool> wanted, TimeSpan limit, string what)
    {
        using var timeout = new CancellationTokenSource(limit);
        var reader = ChannelFor(grainKey).Reader;
        try
        {
            while (true)
            {
                var tick = await reader.ReadAsync(timeout.Token);
                if (wanted(tick))
                    return tick;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"waited {limit.TotalSeconds:0.#}s for {what} (reminder probe {grainKey})");
        }
    }

    private static Channel<ReminderTick> ChannelFor(string grainKey)
    {
        lock (Channels)
        {
            if (!Channels.TryGetValue(grainKey, out var channel))
                Channels[grainKey] = channel = Channel.CreateUnbounded<ReminderTick>();
            return channel;
        }
    }
}
