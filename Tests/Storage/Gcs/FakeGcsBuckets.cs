namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>Conditions a request puts on the object's current generation (absent is generation 0).</summary>
public sealed record FakeGcsPreconditions(long? IfGenerationMatch, long? IfGenerationNotMatch)
{
    public bool HoldFor(FakeGcsObject? current)
    {
        var generation = current?.Generation ?? 0;
        return (IfGenerationMatch is not { } match || match == generation)
            && (IfGenerationNotMatch is not { } notMatch || notMatch != generation);
    }
}

/// <summary>What became of a chunk: more is expected, the object is made, or it was refused.</summary>
public sealed record FakeGcsChunkOutcome(string Kind, string? Fault = null)
{
    public static readonly FakeGcsChunkOutcome Incomplete = new(nameof(Incomplete));
    public static readonly FakeGcsChunkOutcome Completed = new(nameof(Completed));
    public static readonly FakeGcsChunkOutcome PreconditionFailed = new(nameof(PreconditionFailed));

    public static FakeGcsChunkOutcome Invalid(string fault) => new(nameof(Invalid), fault);
}

/// <summary>
/// The buckets, objects and upload sessions of a fake, kept apart from its HTTP server so that they outlive
/// a stop and a start. An object appears when its upload completes, whole.
/// </summary>
public sealed class FakeGcsBuckets(TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedDictionary<string, FakeGcsObject>> buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeGcsUploadSession> sessions = new(StringComparer.Ordinal);
    private long lastGeneration = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    public void Create(string bucket)
    {
        lock (gate)
            buckets.TryAdd(bucket, new SortedDictionary<string, FakeGcsObject>(StringComparer.Ordinal));
    }

    public bool Exists(string bucket)
    {
        lock (gate)
            return buckets.ContainsKey(bucket);
    }

    public FakeGcsObject? Find(string bucket, string name)
    {
        lock (gate)
            return buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(name, out var found) ? found : null;
    }

    /// <summary>Up to <paramref name="count"/> objects after <paramref name="after"/> whose names start with the prefix, and whether more follow.</summary>
    public (IReadOnlyList<FakeGcsObject> Page, bool More) List(string bucket, string prefix, string? after, int count)
    {
        lock (gate)
        {
            var matching = buckets[bucket].Values
                .Where(o => o.Name.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(o.Name, after) > 0))
                .Take(count + 1)
                .ToList();
            return (matching.Take(count).ToList(), matching.Count > count);
        }
    }

    /// <summary>The new object, or null when the preconditions do not hold.</summary>
    public FakeGcsObject? Insert(string bucket, string name, byte[] content, string contentType, string? kmsKeyName, FakeGcsPreconditions preconditions)
    {
        lock (gate)
        {
            var objects = buckets[bucket];
            objects.TryGetValue(name, out var current);
            if (!preconditions.HoldFor(current))
                return null;
            lastGeneration = Math.Max(lastGeneration + 1, clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
            var created = new FakeGcsObject(bucket, name, content, lastGeneration, contentType, kmsKeyName, clock.GetUtcNow());
            objects[name] = created;
            return created;
        }
    }

    /// <summary>False when there was no object, or the preconditions do not hold (<paramref name="held"/> says which).</summary>
    public bool Delete(string bucket, string name, FakeGcsPreconditions preconditions, out bool held)
    {
        lock (gate)
        {
            var objects = buckets[bucket];
            objects.TryGetValue(name, out var current);
            held = preconditions.HoldFor(current);
            return held && current is not null && objects.Remove(name);
        }
    }

    public FakeGcsUploadSession StartUpload(string bucket, string name, string contentType, string? kmsKeyName, long? declaredLength, FakeGcsPreconditions preconditions)
    {
        var session = new FakeGcsUploadSession(Guid.NewGuid().ToString("N"), bucket, name, contentType, kmsKeyName, declaredLength, preconditions);
        lock (gate)
            sessions[session.Id] = session;
        return session;
    }

    /// <summary>
    /// Takes a chunk of an upload (<paramref name="offset"/> at most the bytes received so far) and, when
    /// <paramref name="total"/> bytes are in, makes the object, unless <paramref name="check"/> (given the whole
    /// content) finds fault with it or the session's preconditions no longer hold.
    /// </summary>
    public FakeGcsChunkOutcome AcceptChunk(FakeGcsUploadSession session, long offset, ReadOnlySpan<byte> chunk, long? total, Func<byte[], string?> check)
    {
        lock (gate)
        {
            if (session.Result is not null)
                return FakeGcsChunkOutcome.Completed;
            if (offset > session.Received)
                return FakeGcsChunkOutcome.Invalid($"Invalid request. The chunk starts at byte {offset}, but only {session.Received} bytes have been received.");
            session.Append(offset, chunk);
            if (total is not { } length || session.Received < length)
                return FakeGcsChunkOutcome.Incomplete;
            if (session.Received > length)
                return FakeGcsChunkOutcome.Invalid($"Invalid request. {session.Received} bytes were received for an upload of {length}.");
            var content = session.Content();
            if (check(content) is { } fault)
                return FakeGcsChunkOutcome.Invalid(fault);
            var created = Insert(session.Bucket, session.Name, content, session.ContentType, session.KmsKeyName, session.Preconditions);
            if (created is null)
                return FakeGcsChunkOutcome.PreconditionFailed;
            session.Result = created;
            return FakeGcsChunkOutcome.Completed;
        }
    }

    public FakeGcsUploadSession? FindUpload(string id)
    {
        lock (gate)
            return sessions.GetValueOrDefault(id);
    }

    public bool CancelUpload(string id)
    {
        lock (gate)
            return sessions.Remove(id);
    }

    /// <summary>Uploads started and neither completed nor cancelled.</summary>
    public int OpenUploads
    {
        get
        {
            lock (gate)
                return sessions.Values.Count(s => s.Result is null);
        }
    }
}
