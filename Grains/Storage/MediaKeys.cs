using System.Globalization;
using RenderFarm.Chunks;

namespace RenderFarm.Storage;

/// <summary>
/// Where each kind of media lives in a store: uploaded assets by their SHA-256 (so the same bytes are
/// stored once whoever sends them), parts of uploads under way, and each job's chunks, sound and output.
/// </summary>
public static class MediaKeys
{
    public const string AssetsPrefix = "assets/sha256/";
    public const string UploadsPrefix = "uploads/";
    public const string JobsPrefix = "jobs/";

    public static string Asset(string sha256) => AssetsPrefix + ContentHash.Check(sha256);

    public static string UploadFolder(string sha256) => $"{UploadsPrefix}{ContentHash.Check(sha256)}/";

    public static string UploadPart(string sha256, int part) =>
        UploadFolder(sha256) + string.Create(CultureInfo.InvariantCulture, $"part-{part:D6}");

    public static string JobFolder(Guid jobId) => $"{JobsPrefix}{jobId:N}/";

    public static string ChunksFolder(Guid jobId) => JobFolder(jobId) + "chunks/";

    public static string Chunk(ChunkKey chunk, string extension) =>
        ChunksFolder(chunk.JobId) + string.Create(CultureInfo.InvariantCulture, $"chunk-{chunk.Index:D5}{extension}");

    /// <summary>The first <paramref name="frames"/> of a chunk stopped early: apart from the whole chunk's key, which another lane may commit.</summary>
    public static string ChunkPart(ChunkKey chunk, int frames, string extension) =>
        ChunksFolder(chunk.JobId) + string.Create(CultureInfo.InvariantCulture, $"chunk-{chunk.Index:D5}-first-{frames}{extension}");

    public static string Audio(Guid jobId, string extension) => JobFolder(jobId) + "audio" + extension;

    public static string Output(Guid jobId, string extension) => JobFolder(jobId) + "output" + extension;

    /// <summary>The job a key of <see cref="JobsPrefix"/> belongs to.</summary>
    public static Guid? JobOf(string key) =>
        key.StartsWith(JobsPrefix, StringComparison.Ordinal)
        && key.Length > JobsPrefix.Length + 32
        && Guid.TryParseExact(key.AsSpan(JobsPrefix.Length, 32), "N", out var job)
            ? job
            : null;
}
