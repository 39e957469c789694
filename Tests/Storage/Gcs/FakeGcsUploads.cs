using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>
/// objects.insert in its three forms: <c>uploadType=media</c> (the body is the object), <c>multipart</c>
/// (metadata then media, multipart/related) and <c>resumable</c> (a session, then PUTs of chunks with
/// Content-Range, answered 308 with the Range received until the last one).
/// </summary>
internal sealed partial class FakeGcsUploads(FakeGcsServer server)
{
    /// <summary>Every chunk but the last must be a multiple of this.</summary>
    public const int ChunkQuantum = 256 * 1024;

    /// <summary>Where an upload leaves the object's name (from the query or the metadata) for the request log.</summary>
    public const string NameItem = "fake-gcs-object-name";

    private const string DefaultContentType = "application/octet-stream";

    private FakeGcsBuckets Buckets => server.Buckets;

    public async Task InsertAsync(HttpContext context, string bucket)
    {
        var query = context.Request.Query;
        var preconditions = FakeGcsHttp.Preconditions(context);
        switch (query["uploadType"].ToString())
        {
            case "media":
            {
                var content = await FakeGcsHttp.BodyAsync(context);
                await CreateAsync(context, bucket, query["name"], context.Request.ContentType, query["kmsKeyName"], content, preconditions);
                break;
            }
            case "multipart":
                await MultipartAsync(context, bucket, preconditions);
                break;
            case "resumable":
                await StartSessionAsync(context, bucket, preconditions);
                break;
            default:
                await FakeGcsHttp.InvalidAsync(context, $"Invalid upload type '{query["uploadType"]}'.");
                break;
        }
    }

    public async Task ChunkAsync(HttpContext context)
    {
        if (Buckets.FindUpload(context.Request.Query["upload_id"]!) is not { } session)
        {
            await FakeGcsHttp.ErrorAsync(context, 404, "notFound", "No such upload session.");
            return;
        }
        var chunk = await FakeGcsHttp.BodyAsync(context);
        if (ParseContentRange(context.Request.Headers.ContentRange.ToString()) is not { } range)
        {
            await FakeGcsHttp.InvalidAsync(context, $"Invalid Content-Range '{context.Request.Headers.ContentRange}'.");
            return;
        }
        var (start, end, total) = range;
        var fault = (start, total, session.DeclaredLength) switch
        {
            _ when (start is null ? 0 : end!.Value - start.Value + 1) != chunk.Length => $"The Content-Range says {end - start + 1} bytes but the body holds {chunk.Length}.",
            (_, { } t, { } declared) when t != declared => $"The Content-Range's total {t} is not the {declared} bytes announced when the upload started.",
            ({ }, { } t, _) when end >= t => $"The Content-Range ends past its total {t}.",
            ({ }, var t, _) when (t is null || end + 1 < t) && chunk.Length % ChunkQuantum != 0 => $"Invalid request. Every chunk but the last must be a multiple of {ChunkQuantum} bytes; this one holds {chunk.Length}.",
            _ => null,
        };
        if (fault is not null)
        {
            await FakeGcsHttp.InvalidAsync(context, fault);
            return;
        }
        var outcome = Buckets.AcceptChunk(session, start ?? session.Received, chunk, total, content => FakeGcsHttp.HashFault(context, content));
        switch (outcome.Kind)
        {
            case nameof(FakeGcsChunkOutcome.Completed):
                await FakeGcsHttp.JsonAsync(context, 200, session.Result!.Resource(FakeGcsHttp.Root(context)));
                break;
            case nameof(FakeGcsChunkOutcome.PreconditionFailed):
                await FakeGcsHttp.PreconditionFailedAsync(context);
                break;
            case nameof(FakeGcsChunkOutcome.Invalid):
                await FakeGcsHttp.InvalidAsync(context, outcome.Fault!);
                break;
            default:
                context.Response.StatusCode = 308;
                if (session.Received > 0)
                    context.Response.Headers["Range"] = $"bytes=0-{session.Received - 1}";
                context.Response.ContentLength = 0;
                break;
        }
    }

    public Task CancelAsync(HttpContext context)
    {
        if (!Buckets.CancelUpload(context.Request.Query["upload_id"]!))
            return FakeGcsHttp.ErrorAsync(context, 404, "notFound", "No such upload session.");
        context.Response.StatusCode = 499;
        return Task.CompletedTask;
    }

    private async Task StartSessionAsync(HttpContext context, string bucket, FakeGcsPreconditions preconditions)
    {
        var metadata = FakeGcsHttp.Metadata(await FakeGcsHttp.BodyAsync(context));
        var name = context.Request.Query["name"].FirstOrDefault() ?? metadata.Name;
        context.Items[NameItem] = name;
        if (string.IsNullOrEmpty(name))
        {
            await FakeGcsHttp.ErrorAsync(context, 400, "required", "Required: the object's name.");
            return;
        }
        // GCS checks preconditions when the session starts as well as when the object is made.
        if (!preconditions.HoldFor(Buckets.Find(bucket, name)))
        {
            await FakeGcsHttp.PreconditionFailedAsync(context);
            return;
        }
        var contentType = context.Request.Headers["X-Upload-Content-Type"].FirstOrDefault() ?? metadata.ContentType ?? DefaultContentType;
        var declared = long.TryParse(context.Request.Headers["X-Upload-Content-Length"], CultureInfo.InvariantCulture, out var length) ? length : (long?)null;
        var kmsKeyName = context.Request.Query["kmsKeyName"].FirstOrDefault() ?? metadata.KmsKeyName;
        var session = Buckets.StartUpload(bucket, name, contentType, kmsKeyName, declared, preconditions);
        context.Response.StatusCode = 200;
        context.Response.Headers.Location =
            $"{FakeGcsHttp.Root(context)}upload/storage/v1/b/{Uri.EscapeDataString(bucket)}/o?uploadType=resumable&name={Uri.EscapeDataString(name)}&upload_id={session.Id}";
        context.Response.ContentLength = 0;
    }

    private async Task MultipartAsync(HttpContext context, string bucket, FakeGcsPreconditions preconditions)
    {
        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            await FakeGcsHttp.InvalidAsync(context, "A multipart upload needs a multipart/related body with a boundary.");
            return;
        }
        var body = new MemoryStream(await FakeGcsHttp.BodyAsync(context));
        var reader = new MultipartReader(boundary, body);
        using var metadataJson = new MemoryStream();
        // A section's body is gone once the reader moves to the next one.
        var metadataPart = await reader.ReadNextSectionAsync(context.RequestAborted);
        if (metadataPart is not null)
            await metadataPart.Body.CopyToAsync(metadataJson, context.RequestAborted);
        var mediaPart = metadataPart is null ? null : await reader.ReadNextSectionAsync(context.RequestAborted);
        if (mediaPart is null)
        {
            await FakeGcsHttp.InvalidAsync(context, "A multipart upload has two parts: the metadata, then the media.");
            return;
        }
        using var media = new MemoryStream();
        await mediaPart.Body.CopyToAsync(media, context.RequestAborted);
        var metadata = FakeGcsHttp.Metadata(metadataJson.ToArray());
        await CreateAsync(
            context, bucket, context.Request.Query["name"].FirstOrDefault() ?? metadata.Name, metadata.ContentType ?? mediaPart.ContentType,
            context.Request.Query["kmsKeyName"].FirstOrDefault() ?? metadata.KmsKeyName, media.ToArray(), preconditions);
    }

    private async Task CreateAsync(HttpContext context, string bucket, string? name, string? contentType, string? kmsKeyName, byte[] content, FakeGcsPreconditions preconditions)
    {
        context.Items[NameItem] = name;
        if (string.IsNullOrEmpty(name))
        {
            await FakeGcsHttp.ErrorAsync(context, 400, "required", "Required: the object's name.");
            return;
        }
        if (FakeGcsHttp.HashFault(context, content) is { } fault)
        {
            await FakeGcsHttp.InvalidAsync(context, fault);
            return;
        }
        if (Buckets.Insert(bucket, name, content, contentType ?? DefaultContentType, kmsKeyName, preconditions) is not { } created)
        {
            await FakeGcsHttp.PreconditionFailedAsync(context);
            return;
        }
        await FakeGcsHttp.JsonAsync(context, 200, created.Resource(FakeGcsHttp.Root(context)));
    }

    /// <summary><c>bytes a-b/total</c>, <c>bytes a-b/*</c>, or <c>bytes */total</c> (no data: where is the upload?).</summary>
    private static (long? Start, long? End, long? Total)? ParseContentRange(string header)
    {
        var match = ContentRangePattern().Match(header);
        if (!match.Success)
            return null;
        long? Group(string name) => match.Groups[name].Success ? long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : null;
        var (start, end, total) = (Group("start"), Group("end"), Group("total"));
        return start > end ? null : (start, end, total);
    }

    [GeneratedRegex(@"^bytes (?:(?<start>\d+)-(?<end>\d+)|\*)/(?:(?<total>\d+)|\*)$")]
    private static partial Regex ContentRangePattern();
}
