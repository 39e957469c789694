namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>A resumable upload: the bytes received so far, and the object once the last chunk is in.</summary>
public sealed class FakeGcsUploadSession(string id, string bucket, string name, string contentType, string? kmsKeyName, long? declaredLength, FakeGcsPreconditions preconditions)
{
    private readonly MemoryStream received = new();

    public string Id { get; } = id;
    public string Bucket { get; } = bucket;
    public string Name { get; } = name;
    public string ContentType { get; } = contentType;
    public string? KmsKeyName { get; } = kmsKeyName;
    public long? DeclaredLength { get; } = declaredLength;
    public FakeGcsPreconditions Preconditions { get; } = preconditions;

    /// <summary>The object the upload made, once complete.</summary>
    public FakeGcsObject? Result { get; internal set; }

    public long Received => received.Length;

    /// <summary>Takes the part of a chunk starting at <paramref name="offset"/> (at most <see cref="Received"/>) not received yet.</summary>
    internal void Append(long offset, ReadOnlySpan<byte> chunk)
    {
        var skip = (int)(received.Length - offset);
        if (skip < chunk.Length)
            received.Write(chunk[skip..]);
    }

    internal byte[] Content() => received.ToArray();
}
