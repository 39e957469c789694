using System.Globalization;

namespace RenderFarm.Sandbox;

/// <summary>A per-run limit of the sandbox.</summary>
public enum SandboxLimit
{
    CpuTime,
    Memory,
    OutputSize,
    WallClock,
}

/// <summary>A sandboxed run was stopped at one of its limits; the message names the limit, its setting and its value.</summary>
public sealed class SandboxLimitException(SandboxLimit limit, SandboxOptions options, string program, string standardErrorTail)
    : Exception(Describe(limit, options, program, standardErrorTail))
{
    public SandboxLimit Limit { get; } = limit;
    public string StandardErrorTail { get; } = standardErrorTail;

    private static string Describe(SandboxLimit limit, SandboxOptions options, string program, string tail)
    {
        var (what, key, value) = limit switch
        {
            SandboxLimit.CpuTime => ("CPU-time", nameof(SandboxOptions.CpuSeconds), $"{options.CpuSeconds} s"),
            SandboxLimit.Memory => ("memory", nameof(SandboxOptions.MemoryBytes), $"{options.MemoryBytes} bytes"),
            SandboxLimit.OutputSize => ("output-size", nameof(SandboxOptions.OutputBytes), $"{options.OutputBytes} bytes"),
            _ => ("wall-clock", nameof(SandboxOptions.WallClock), options.WallClock.ToString("c", CultureInfo.InvariantCulture)),
        };
        var last = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return $"{program} was stopped at the sandbox's {what} limit ({SandboxOptions.SectionName}:{key} = {value})" + (last is null ? "" : $"; its last words: {last}");
    }
}

/// <summary>Tells from how a sandboxed run ended whether one of the kernel-enforced limits stopped it.</summary>
public static class SandboxLimits
{
    // bubblewrap ends with 128 + the signal when its program dies of one.
    private const int KilledBySigKill = 128 + 9;
    private const int KilledBySigXcpu = 128 + 24;
    private const int KilledBySigXfsz = 128 + 25;

    /// <summary>
    /// The limit a run hit, from its exit code and its last error lines; null when it failed for another
    /// reason. Call only for a run this process did not kill itself: the only SIGKILL the sandbox sends
    /// is the kernel's at the CPU limit's hard end.
    /// </summary>
    public static SandboxLimit? Exceeded(int exitCode, IReadOnlyCollection<string> tail)
    {
        if (exitCode is KilledBySigKill or KilledBySigXcpu || tail.Any(line => line.Contains("received signal 24", StringComparison.Ordinal)))
            return SandboxLimit.CpuTime;
        if (exitCode == KilledBySigXfsz || tail.Any(line => line.Contains("File too large", StringComparison.Ordinal)))
            return SandboxLimit.OutputSize;
        if (tail.Any(line => line.Contains("Cannot allocate memory", StringComparison.Ordinal) || line.Contains("failed to map segment", StringComparison.Ordinal) ||
                             (line.Contains("malloc", StringComparison.Ordinal) && line.Contains("failed", StringComparison.Ordinal))))
            return SandboxLimit.Memory;
        return null;
    }
}
