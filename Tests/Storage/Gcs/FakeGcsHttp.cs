using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>How the JSON API reads requests and writes answers.</summary>
internal static class FakeGcsHttp
{
    public const string JsonType = "application/json; charset=UTF-8";

    private static readonly TimeSpan BodyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The error format of the JSON API: <c>{"error": {"code", "message", "errors": [{"message", "domain", "reason"}]}}</c>.</summary>
    public static Task ErrorAsync(HttpContext context, int code, string reason, string message) =>
        JsonAsync(context, code, new Dictionary<string, object?>
        {
            ["error"] = new Dictionary<string, object?>
            {
                ["code"] = code,
                ["message"] = message,
                ["errors"] = new[] { new Dictionary<string, object?> { ["message"] = message, ["domain"] = "global", ["reason"] = reason } },
            },
        });

    public static Task NoSuchObjectAsync(HttpContext context, string bucket, string name) =>
        ErrorAsync(context, 404, "notFound", $"No such object: {bucket}/{name}");

    public static Task NoSuchBucketAsync(HttpContext context) =>
        ErrorAsync(context, 404, "notFound", "The specified bucket does not exist.");

    public static Task PreconditionFailedAsync(HttpContext context) =>
        ErrorAsync(context, 412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");

    public static Task InvalidAsync(HttpContext context, string message) =>
        ErrorAsync(context, 400, "invalid", message);

    public static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonType;
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), cancellationToken: context.RequestAborted);
    }

    /// <summary>The request's body, inflated when the client sent it gzipped (the Google client does so for JSON).</summary>
    public static async Task<byte[]> BodyAsync(HttpContext context)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(BodyTimeout);
        var body = context.Request.Body;
        if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
            body = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, timeout.Token);
        return copy.ToArray();
    }

    /// <summary>An object's metadata from a JSON body (empty for none): name, contentType, kmsKeyName.</summary>
    public static (string? Name, string? ContentType, string? KmsKeyName) Metadata(byte[] json)
    {
        if (json.Length == 0)
            return (null, null, null);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return (Text(root, "name"), Text(root, "contentType"), Text(root, "kmsKeyName"));

        static string? Text(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    public static long? Number(HttpContext context, string parameter) =>
        long.TryParse(context.Request.Query[parameter], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static FakeGcsPreconditions Preconditions(HttpContext context) =>
        new(Number(context, "ifGenerationMatch"), Number(context, "ifGenerationNotMatch"));

    /// <summary>
    /// A fault in the hashes a client sent with the content (<c>x-goog-hash: crc32c=...,md5=...</c>), or null
    /// when they match or none were sent.
    /// </summary>
    public static string? HashFault(HttpContext context, byte[] content)
    {
        foreach (var value in context.Request.Headers["x-goog-hash"].SelectMany(v => (v ?? "").Split(',')))
        {
            var (kind, sent) = (value.Split('=', 2)[0].Trim(), value.Split('=', 2).ElementAtOrDefault(1)?.Trim());
            var actual = kind switch
            {
                "crc32c" => Crc32c.Base64(content),
                "md5" => Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(content)),
                _ => null,
            };
            if (actual is not null && sent != actual)
                return $"Provided {kind} \"{sent}\" doesn't match calculated {kind} \"{actual}\".";
        }
        return null;
    }

    public static string Root(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}/";
}
