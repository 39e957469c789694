using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RenderFarm.Tests.Storage.Gcs;

namespace RenderFarm.Tests.Storage;

/// <summary>The fake speaks the JSON API as GCS does, for the requests the Google client does not make itself.</summary>
public sealed class GcsFakeServerTests : IClassFixture<FakeGcsFixture>, IDisposable
{
    private const string Bucket = FakeGcsFixture.Bucket;
    private const int Quantum = FakeGcsUploads.ChunkQuantum;

    private readonly FakeGcsServer server;
    private readonly HttpClient http;
    private readonly string folder = $"fake-{Guid.NewGuid():N}";

    public GcsFakeServerTests(FakeGcsFixture fixture)
    {
        server = fixture.Server;
        server.MaxPageSize = 1000;
        http = new HttpClient { BaseAddress = new Uri(server.BaseUri), Timeout = TimeSpan.FromSeconds(30) };
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_media_upload_makes_an_object_whose_metadata_and_media_read_back()
    {
        var name = $"{folder}/media.bin";
        var body = new ByteArrayContent([1, 2, 3, 4]);
        body.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");

        using var created = await http.PostAsync($"upload/storage/v1/b/{Bucket}/o?uploadType=media&name={Uri.EscapeDataString(name)}", body, Token);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        using var metadata = await JsonAsync(await http.GetAsync(ObjectPath(name), Token));
        Assert.Equal(name, metadata.RootElement.GetProperty("name").GetString());
        Assert.Equal("4", metadata.RootElement.GetProperty("size").GetString());
        Assert.Equal("video/mp4", metadata.RootElement.GetProperty("contentType").GetString());
        Assert.Equal([1, 2, 3, 4], await http.GetByteArrayAsync(ObjectPath(name) + "?alt=media", Token));
    }

    [Fact]
    public async Task A_multipart_upload_takes_its_metadata_from_the_first_part()
    {
        var name = $"{folder}/multipart.bin";
        using var body = new MultipartContent("related");
        body.Add(new StringContent(JsonSerializer.Serialize(new { name, contentType = "audio/flac", kmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k" }), Encoding.UTF8, "application/json"));
        body.Add(new ByteArrayContent([9, 8, 7]));

        using var created = await http.PostAsync($"upload/storage/v1/b/{Bucket}/o?uploadType=multipart", body, Token);

        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Token));
        var stored = server.Buckets.Find(Bucket, name)!;
        Assert.Equal([9, 8, 7], stored.Content);
        Assert.Equal("audio/flac", stored.ContentType);
        Assert.Equal("projects/p/locations/l/keyRings/r/cryptoKeys/k", stored.KmsKeyName);
    }

    [Fact]
    public async Task A_range_is_answered_206_and_one_past_the_end_416()
    {
        var name = $"{folder}/range.bin";
        await PutMediaAsync(name, Enumerable.Range(0, 100).Select(i => (byte)i).ToArray());

        using var part = new HttpRequestMessage(HttpMethod.Get, ObjectPath(name) + "?alt=media");
        part.Headers.Range = new RangeHeaderValue(5, 9);
        using var partial = await http.SendAsync(part, Token);
        using var beyond = new HttpRequestMessage(HttpMethod.Get, ObjectPath(name) + "?alt=media");
        beyond.Headers.Range = new RangeHeaderValue(100, null);
        using var unsatisfiable = await http.SendAsync(beyond, Token);

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 5-9/100", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal([5, 6, 7, 8, 9], await partial.Content.ReadAsByteArrayAsync(Token));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
    }

    [Fact]
    public async Task Generation_zero_is_a_precondition_that_fails_in_the_error_format_of_gcs()
    {
        var name = $"{folder}/once.bin";
        await PutMediaAsync(name, [1]);

        using var refused = await http.PostAsync(
            $"upload/storage/v1/b/{Bucket}/o?uploadType=media&ifGenerationMatch=0&name={Uri.EscapeDataString(name)}", new ByteArrayContent([2]), Token);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        using var error = await JsonAsync(refused);
        var body = error.RootElement.GetProperty("error");
        Assert.Equal(412, body.GetProperty("code").GetInt32());
        Assert.Equal("conditionNotMet", body.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal([1], server.Buckets.Find(Bucket, name)!.Content);
    }

    [Fact]
    public async Task A_missing_bucket_and_a_missing_object_are_told_apart()
    {
        using var bucket = await JsonAsync(await http.GetAsync("storage/v1/b/no-such-bucket/o/a.bin", Token));
        using var item = await JsonAsync(await http.GetAsync(ObjectPath($"{folder}/missing.bin"), Token));

        Assert.Equal("The specified bucket does not exist.", bucket.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal($"No such object: {Bucket}/{folder}/missing.bin", item.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_resumable_object_appears_only_with_its_last_chunk_even_across_a_restart()
    {
        var name = $"{folder}/resumable.bin";
        var bytes = new byte[Quantum + 10];
        Random.Shared.NextBytes(bytes);
        var session = await StartSessionAsync(name, bytes.Length);

        using var first = await PutChunkAsync(session, bytes[..Quantum], $"bytes 0-{Quantum - 1}/{bytes.Length}");
        Assert.Equal(308, (int)first.StatusCode);
        Assert.Equal($"bytes=0-{Quantum - 1}", string.Join(",", first.Headers.GetValues("Range")));
        Assert.Null(server.Buckets.Find(Bucket, name));

        await server.StopAsync(Token);
        await server.StartAsync(Token);
        using var status = await PutChunkAsync(session, [], $"bytes */{bytes.Length}");
        Assert.Equal(308, (int)status.StatusCode);
        using var last = await PutChunkAsync(session, bytes[Quantum..], $"bytes {Quantum}-{bytes.Length - 1}/{bytes.Length}");

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal(bytes, server.Buckets.Find(Bucket, name)!.Content);
    }

    [Fact]
    public async Task A_chunk_before_the_last_must_be_a_multiple_of_256_KiB()
    {
        var session = await StartSessionAsync($"{folder}/uneven.bin", 2 * Quantum);

        using var uneven = await PutChunkAsync(session, new byte[Quantum - 1], $"bytes 0-{Quantum - 2}/{2 * Quantum}");

        Assert.Equal(HttpStatusCode.BadRequest, uneven.StatusCode);
    }

    [Fact]
    public async Task A_cancelled_upload_answers_499_and_is_gone()
    {
        var session = await StartSessionAsync($"{folder}/cancelled.bin", 10);

        using var cancelled = await http.DeleteAsync(session, Token);
        using var after = await PutChunkAsync(session, new byte[10], "bytes 0-9/10");

        Assert.Equal(499, (int)cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Null(server.Buckets.Find(Bucket, $"{folder}/cancelled.bin"));
    }

    [Fact]
    public async Task A_listing_pages_with_tokens()
    {
        foreach (var i in Enumerable.Range(0, 3))
            await PutMediaAsync($"{folder}/list/{i}.bin", [(byte)i]);

        using var first = await JsonAsync(await http.GetAsync($"storage/v1/b/{Bucket}/o?prefix={folder}/list/&maxResults=2", Token));
        var token = first.RootElement.GetProperty("nextPageToken").GetString()!;
        using var second = await JsonAsync(await http.GetAsync($"storage/v1/b/{Bucket}/o?prefix={folder}/list/&maxResults=2&pageToken={Uri.EscapeDataString(token)}", Token));

        Assert.Equal([$"{folder}/list/0.bin", $"{folder}/list/1.bin"], Names(first));
        Assert.Equal([$"{folder}/list/2.bin"], Names(second));
        Assert.False(second.RootElement.TryGetProperty("nextPageToken", out _));
    }

    public void Dispose() => http.Dispose();

    private static string ObjectPath(string name) => $"storage/v1/b/{Bucket}/o/{Uri.EscapeDataString(name)}";

    private async Task PutMediaAsync(string name, byte[] content)
    {
        using var created = await http.PostAsync($"upload/storage/v1/b/{Bucket}/o?uploadType=media&name={Uri.EscapeDataString(name)}", new ByteArrayContent(content), Token);
        created.EnsureSuccessStatusCode();
    }

    private async Task<Uri> StartSessionAsync(string name, long length)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"upload/storage/v1/b/{Bucket}/o?uploadType=resumable")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { name }), Encoding.UTF8, "application/json"),
        };
        start.Headers.Add("X-Upload-Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var started = await http.SendAsync(start, Token);
        started.EnsureSuccessStatusCode();
        return started.Headers.Location!;
    }

    private async Task<HttpResponseMessage> PutChunkAsync(Uri session, byte[] chunk, string contentRange)
    {
        var content = new ByteArrayContent(chunk);
        content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return await http.PutAsync(session, content, Token);
    }

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response)
    {
        using (response)
            return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(Token));
    }

    private static IEnumerable<string?> Names(JsonDocument page) =>
        page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("name").GetString());
}
