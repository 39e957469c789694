using System.Globalization;

namespace RenderFarm.Telemetry;

/// <summary>
/// The machine's CPU busy share since the previous reading and its memory in use, read from Linux's
/// /proc/stat and /proc/meminfo; null where those are not there (another OS).
/// </summary>
public sealed class MachineUsage
{
    private readonly Lock gate = new();
    private (long Busy, long Total)? previous;
    private double? lastShare;

    public double? CpuShare()
    {
        if (ReadCpu() is not { } now)
            return null;
        lock (gate)
        {
            if (previous is { } before && now.Total > before.Total)
                lastShare = Math.Clamp((double)(now.Busy - before.Busy) / (now.Total - before.Total), 0, 1);
            previous = now;
            return lastShare;
        }
    }

    public (long Used, long Total)? Memory()
    {
        try
        {
            var fields = File.ReadLines("/proc/meminfo")
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0], parts => long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
            return fields.TryGetValue("MemTotal", out var total) && fields.TryGetValue("MemAvailable", out var available)
                ? (total - available, total)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static (long Busy, long Total)? ReadCpu()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are not busy.
            var values = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Sum();
            return (total - values[3] - values[4], total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
