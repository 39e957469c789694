using System.Net;

namespace RenderFarm.Tests.Support;

/// <summary>Asks an HTTP endpoint until its answer is the one wanted, within a limit: a server that is starting refuses connections.</summary>
public static class HttpPolling
{
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static async Task<(HttpStatusCode Status, string Body)> PollAsync(HttpClient http, string path, Func<(HttpStatusCode Status, string Body), bool> done, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        (HttpStatusCode Status, string Body) last = (0, "no answer");
        while (true)
        {
            try
            {
                last = await GetAsync(http, path);
                if (done(last))
                    return last;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            try
            {
                await Task.Delay(250, timeout.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{path} did not answer as expected within {limit}; last: {last.Status} {last.Body[..Math.Min(300, last.Body.Length)]}");
            }
        }
    }
}
