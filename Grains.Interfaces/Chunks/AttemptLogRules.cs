using RenderFarm.Scheduling;

namespace RenderFarm.Chunks;

/// <summary>What a request for an attempt's log must hold; checked by the client and again by the job.</summary>
public static class AttemptLogRules
{
    public const int DefaultTailBytes = 64 * 1024;
    public const int MaxTailBytes = 1024 * 1024;

    /// <exception cref="ArgumentException">The piece is not one of the job's (naming <c>piece</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The attempt is below 1 or the tail outside 1 byte to 1 MiB (naming the field).</exception>
    public static void Check(Guid jobId, WorkKey piece, int attempt, int tailBytes)
    {
        if (piece.JobId != jobId)
            throw new ArgumentException($"piece: {piece} is not a piece of job {jobId:N}", nameof(piece));
        if (attempt < 1)
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "attempt: attempts are numbered from 1");
        if (tailBytes is < 1 or > MaxTailBytes)
            throw new ArgumentOutOfRangeException(nameof(tailBytes), tailBytes, $"tailBytes: must be from 1 to {MaxTailBytes} (1 MiB)");
    }
}
