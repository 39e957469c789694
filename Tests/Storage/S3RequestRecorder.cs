using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;

namespace RenderFarm.Tests.Storage;

/// <summary>
/// The HTTP connections of an SDK client, noting every request as it goes out; a test may answer a
/// request itself instead of the server, as a store that fails, throttles or refuses a write would.
/// </summary>
public sealed class S3RequestRecorder : HttpClientFactory
{
    private readonly ConcurrentQueue<Request> requests = new();

    public sealed record Request(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        public bool HasQuery(string name) =>
            Uri.Query.TrimStart('?').Split('&').Any(part => part == name || part.StartsWith(name + "=", StringComparison.Ordinal));

        public override string ToString() => $"{Method} {Uri.PathAndQuery}";
    }

    /// <summary>Returns an answer to send instead of the server's, or null to let the request through.</summary>
    public Func<Request, HttpResponseMessage?>? Answer { get; set; }

    public IReadOnlyList<Request> Requests => [.. requests];

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this));

    /// <summary>An S3 error answer, as the service sends it.</summary>
    public static HttpResponseMessage Error(HttpStatusCode status, string code) => new(status)
    {
        Content = new StringContent(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code} from the test</Message><RequestId>test</RequestId></Error>",
            Encoding.UTF8,
            "application/xml"),
    };

    private sealed class Handler(S3RequestRecorder recorder) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Concat((IEnumerable<KeyValuePair<string, IEnumerable<string>>>?)request.Content?.Headers ?? [])
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            var noted = new Request(request.Method, request.RequestUri!, headers);
            recorder.requests.Enqueue(noted);
            if (recorder.Answer?.Invoke(noted) is { } answer)
            {
                answer.RequestMessage = request;
                return Task.FromResult(answer);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
