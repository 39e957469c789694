using System.Globalization;
using System.Security.Cryptography;

namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>One generation of an object the fake holds.</summary>
public sealed class FakeGcsObject(string bucket, string name, byte[] content, long generation, string contentType, string? kmsKeyName, DateTimeOffset written)
{
    public string Bucket { get; } = bucket;
    public string Name { get; } = name;
    public byte[] Content { get; } = content;
    public long Generation { get; } = generation;
    public long Metageneration => 1;
    public string ContentType { get; } = contentType;
    public string? KmsKeyName { get; } = kmsKeyName;
    public DateTimeOffset Written { get; } = written;
    public string Md5 { get; } = Convert.ToBase64String(MD5.HashData(content));
    public string Crc32c { get; } = Gcs.Crc32c.Base64(content);
    public string ETag => Convert.ToBase64String(BitConverter.GetBytes(Generation));

    /// <summary>The object resource of the JSON API.</summary>
    public Dictionary<string, object?> Resource(string baseUri)
    {
        var path = $"b/{Uri.EscapeDataString(Bucket)}/o/{Uri.EscapeDataString(Name)}";
        var time = Written.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var resource = new Dictionary<string, object?>
        {
            ["kind"] = "storage#object",
            ["id"] = $"{Bucket}/{Name}/{Generation}",
            ["selfLink"] = $"{baseUri}storage/v1/{path}",
            ["mediaLink"] = $"{baseUri}download/storage/v1/{path}?generation={Generation}&alt=media",
            ["name"] = Name,
            ["bucket"] = Bucket,
            ["generation"] = Generation.ToString(CultureInfo.InvariantCulture),
            ["metageneration"] = Metageneration.ToString(CultureInfo.InvariantCulture),
            ["contentType"] = ContentType,
            ["storageClass"] = "STANDARD",
            ["size"] = Content.LongLength.ToString(CultureInfo.InvariantCulture),
            ["md5Hash"] = Md5,
            ["crc32c"] = Crc32c,
            ["etag"] = ETag,
            ["timeCreated"] = time,
            ["updated"] = time,
            ["timeStorageClassUpdated"] = time,
        };
        if (KmsKeyName is not null)
            resource["kmsKeyName"] = KmsKeyName;
        return resource;
    }
}
