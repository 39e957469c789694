namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>A request the fake answered, by JSON API method (<c>objects.insert</c> ...), for tests to look at.</summary>
/// <param name="Operation">
/// <c>buckets.get</c>, <c>objects.get</c>, <c>objects.media</c>, <c>objects.list</c>, <c>objects.delete</c>,
/// <c>objects.insert</c> (with <see cref="UploadType"/> media, multipart or resumable), <c>upload.chunk</c>
/// (a PUT to a resumable session, data or status query), <c>upload.cancel</c>, or <c>unknown</c>.
/// </param>
public sealed record FakeGcsRequest(
    string Method,
    string Operation,
    string? Bucket,
    string? Name,
    string? UploadType,
    IReadOnlyDictionary<string, string> Query,
    string? ContentRange,
    IReadOnlyDictionary<string, string> Headers,
    int Status);
