using System.Buffers.Binary;

namespace RenderFarm.Jobs;

/// <summary>
/// A job's place in the index: newer <see cref="SubmittedAt"/> first, and among equal times the
/// greater <see cref="JobId"/> first, ids compared as their text (the way PostgreSQL orders uuids),
/// so the order is total and the same in every store. A page token is the key of a page's last job.
/// </summary>
public readonly record struct JobIndexKey(DateTimeOffset SubmittedAt, Guid JobId) : IComparable<JobIndexKey>
{
    private const byte TokenVersion = 1;
    private const int TokenBytes = 1 + sizeof(long) + 16;

    public static JobIndexKey Of(JobSummary summary) => new(summary.SubmittedAt, summary.JobId);

    /// <summary>Negative when this key is listed before <paramref name="other"/>.</summary>
    public int CompareTo(JobIndexKey other)
    {
        var byTime = other.SubmittedAt.UtcTicks.CompareTo(SubmittedAt.UtcTicks);
        return byTime != 0 ? byTime : CompareIds(other.JobId, JobId);
    }

    public string ToPageToken()
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        bytes[0] = TokenVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], SubmittedAt.UtcTicks);
        JobId.TryWriteBytes(bytes[9..], bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The key a page token stands for; null for no token (the first page).</summary>
    /// <exception cref="ArgumentException">The token is not one <see cref="ToPageToken"/> made.</exception>
    public static JobIndexKey? FromPageToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        Span<byte> bytes = stackalloc byte[TokenBytes + 3];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != TokenBytes || bytes[0] != TokenVersion)
            throw new ArgumentException($"{nameof(JobQuery)}.{nameof(JobQuery.PageToken)} '{token}' is not a page token of the job index", nameof(JobQuery.PageToken));
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            throw new ArgumentException($"{nameof(JobQuery)}.{nameof(JobQuery.PageToken)} '{token}' is not a page token of the job index", nameof(JobQuery.PageToken));
        return new JobIndexKey(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[9..TokenBytes], bigEndian: true));
    }

    private static int CompareIds(Guid left, Guid right)
    {
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        left.TryWriteBytes(a, bigEndian: true, out _);
        right.TryWriteBytes(b, bigEndian: true, out _);
        return a.SequenceCompareTo(b);
    }
}
