using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>
/// The part of the GCS JSON API that the Google client uses for objects: get (metadata and media, ranges
/// included), list (paged), delete, and insert by media, multipart and resumable upload (in <see cref="FakeGcsUploads"/>).
/// </summary>
internal sealed class FakeGcsApi(FakeGcsServer server)
{
    private FakeGcsBuckets Buckets => server.Buckets;

    public async Task HandleAsync(HttpContext context)
    {
        // The raw target keeps an object name's %2F apart from the path's own slashes.
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var path = target.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var (operation, bucket, name) = Route(context.Request.Method, path, context.Request.Query.ContainsKey("upload_id"), context.Request.Query["alt"] == "media");
        var uploadType = operation == "objects.insert" ? context.Request.Query["uploadType"].ToString() : null;
        try
        {
            if (server.FailWith is { } status)
                await FakeGcsHttp.ErrorAsync(context, (int)status, Reason((int)status), $"The fake answers every request with {(int)status}.");
            else if (operation == "unknown")
                await FakeGcsHttp.ErrorAsync(context, 404, "notFound", $"The fake does not serve {context.Request.Method} {target}.");
            else if (bucket is not null && !Buckets.Exists(bucket))
                await FakeGcsHttp.NoSuchBucketAsync(context);
            else
                await DispatchAsync(context, operation, bucket, name);
        }
        finally
        {
            if (operation is "upload.chunk" or "upload.cancel" && Buckets.FindUpload(context.Request.Query["upload_id"]!) is { } session)
                (bucket, name) = (session.Bucket, session.Name);
            name ??= context.Items[FakeGcsUploads.NameItem] as string;
            server.Record(new FakeGcsRequest(
                context.Request.Method, operation, bucket, name, uploadType,
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.ContentRange.FirstOrDefault(),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                context.Response.StatusCode));
        }
    }

    private static (string Operation, string? Bucket, string? Name) Route(string method, string[] path, bool session, bool media) => (method, path) switch
    {
        ("GET", ["storage", "v1", "b", var b]) => ("buckets.get", b, null),
        ("GET", ["storage", "v1", "b", var b, "o"]) => ("objects.list", b, null),
        ("GET", ["storage", "v1", "b", var b, "o", var n]) => (media ? "objects.media" : "objects.get", b, n),
        ("GET", ["download", "storage", "v1", "b", var b, "o", var n]) => ("objects.media", b, n),
        ("DELETE", ["storage", "v1", "b", var b, "o", var n]) => ("objects.delete", b, n),
        ("POST", ["upload", "storage", "v1", "b", var b, "o"]) when !session => ("objects.insert", b, null),
        ("PUT", ["upload", "storage", "v1", "b", _, "o"]) when session => ("upload.chunk", null, null),
        ("DELETE", ["upload", "storage", "v1", "b", _, "o"]) when session => ("upload.cancel", null, null),
        _ => ("unknown", null, null),
    };

    private Task DispatchAsync(HttpContext context, string operation, string? bucket, string? name) => operation switch
    {
        "buckets.get" => FakeGcsHttp.JsonAsync(context, 200, new Dictionary<string, object?> { ["kind"] = "storage#bucket", ["id"] = bucket, ["name"] = bucket }),
        "objects.list" => ListAsync(context, bucket!),
        "objects.get" => GetAsync(context, bucket!, name!),
        "objects.media" => MediaAsync(context, bucket!, name!),
        "objects.delete" => DeleteAsync(context, bucket!, name!),
        "objects.insert" => server.Uploads.InsertAsync(context, bucket!),
        "upload.chunk" => server.Uploads.ChunkAsync(context),
        _ => server.Uploads.CancelAsync(context),
    };

    private async Task GetAsync(HttpContext context, string bucket, string name)
    {
        if (await CurrentAsync(context, bucket, name) is { } found)
            await FakeGcsHttp.JsonAsync(context, 200, found.Resource(FakeGcsHttp.Root(context)));
    }

    private async Task MediaAsync(HttpContext context, string bucket, string name)
    {
        if (await CurrentAsync(context, bucket, name) is not { } found)
            return;
        var size = found.Content.LongLength;
        var (start, end) = (0L, size - 1);
        var range = context.Request.Headers.Range.ToString();
        if (range.Length > 0)
        {
            if (ParseRange(range, size) is not { } asked)
            {
                context.Response.Headers.ContentRange = $"bytes */{size}";
                await FakeGcsHttp.ErrorAsync(context, 416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
                return;
            }
            (start, end) = asked;
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{end}/{size}";
        }
        var headers = context.Response.Headers;
        headers.ContentType = found.ContentType;
        headers.AcceptRanges = "bytes";
        headers.ETag = found.ETag;
        headers["x-goog-generation"] = found.Generation.ToString(CultureInfo.InvariantCulture);
        headers["x-goog-metageneration"] = found.Metageneration.ToString(CultureInfo.InvariantCulture);
        headers["x-goog-stored-content-length"] = size.ToString(CultureInfo.InvariantCulture);
        headers["x-goog-stored-content-encoding"] = "identity";
        // As GCS does, the hashes are the whole object's, even for a range.
        headers["x-goog-hash"] = $"crc32c={found.Crc32c},md5={found.Md5}";
        context.Response.ContentLength = end - start + 1;
        await context.Response.Body.WriteAsync(found.Content.AsMemory((int)start, (int)(end - start + 1)), context.RequestAborted);
    }

    /// <summary>One range, <c>bytes=a-</c>, <c>bytes=a-b</c> or <c>bytes=-n</c>, within the object; null when it asks for nothing in it.</summary>
    private static (long Start, long End)? ParseRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(','))
            return null;
        var parts = header["bytes=".Length..].Split('-', 2);
        if (parts.Length != 2)
            return null;
        if (parts[0].Length == 0)
            return long.TryParse(parts[1], CultureInfo.InvariantCulture, out var suffix) && suffix > 0 && size > 0 ? (Math.Max(0, size - suffix), size - 1) : null;
        if (!long.TryParse(parts[0], CultureInfo.InvariantCulture, out var start) || start >= size)
            return null;
        if (parts[1].Length == 0)
            return (start, size - 1);
        return long.TryParse(parts[1], CultureInfo.InvariantCulture, out var end) && end >= start ? (start, Math.Min(end, size - 1)) : null;
    }

    private async Task ListAsync(HttpContext context, string bucket)
    {
        if (context.Request.Query.ContainsKey("delimiter"))
        {
            await FakeGcsHttp.ErrorAsync(context, 501, "notImplemented", "The fake lists without a delimiter only.");
            return;
        }
        var prefix = context.Request.Query["prefix"].ToString();
        var token = context.Request.Query["pageToken"].ToString();
        var after = token.Length == 0 ? null : Encoding.UTF8.GetString(Convert.FromBase64String(token));
        var count = (int)Math.Min(FakeGcsHttp.Number(context, "maxResults") ?? 1000, server.MaxPageSize);
        var (page, more) = Buckets.List(bucket, prefix, after, count);
        var body = new Dictionary<string, object?> { ["kind"] = "storage#objects" };
        if (page.Count > 0)
            body["items"] = page.Select(o => o.Resource(FakeGcsHttp.Root(context))).ToList();
        if (more)
            body["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Name));
        await FakeGcsHttp.JsonAsync(context, 200, body);
    }

    private async Task DeleteAsync(HttpContext context, string bucket, string name)
    {
        if (Buckets.Delete(bucket, name, FakeGcsHttp.Preconditions(context), out var held))
            context.Response.StatusCode = 204;
        else if (!held)
            await FakeGcsHttp.PreconditionFailedAsync(context);
        else
            await FakeGcsHttp.NoSuchObjectAsync(context, bucket, name);
    }

    /// <summary>The object the request names (at its <c>generation</c> when given), having answered 404 or 412 when there is none to give.</summary>
    private async Task<FakeGcsObject?> CurrentAsync(HttpContext context, string bucket, string name)
    {
        var found = Buckets.Find(bucket, name);
        if (found is null || (FakeGcsHttp.Number(context, "generation") is { } generation && generation != found.Generation))
        {
            await FakeGcsHttp.NoSuchObjectAsync(context, bucket, name);
            return null;
        }
        if (!FakeGcsHttp.Preconditions(context).HoldFor(found))
        {
            await FakeGcsHttp.PreconditionFailedAsync(context);
            return null;
        }
        return found;
    }

    private static string Reason(int status) => status switch
    {
        401 => "required",
        403 => "forbidden",
        429 => "rateLimitExceeded",
        503 => "backendError",
        _ => "internalError",
    };
}
