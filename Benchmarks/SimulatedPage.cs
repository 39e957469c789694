using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RenderFarm.Benchmarks;

/// <summary>
/// A dashboard page as a browser keeps it open: signed in, its live connection read as it comes, and,
/// on a job's page, the job's details fetched again (at most once a second) whenever its job changes,
/// as the page's script does.
/// </summary>
internal sealed partial class SimulatedPage : IAsyncDisposable
{
    private static readonly TimeSpan DetailsEvery = TimeSpan.FromSeconds(1);
    private readonly HttpClient http;
    private readonly CancellationTokenSource closing = new();
    private Task reading = Task.CompletedTask;
    private DateTime lastDetails = DateTime.MinValue;

    private SimulatedPage(HttpClient http) => this.http = http;

    /// <summary>The job a job's page shows; null for the job list and cluster pages.</summary>
    public Guid? Job { get; set; }

    public long Events { get; private set; }
    public long DetailFetches { get; private set; }

    public static async Task<SimulatedPage> OpenAsync(Uri dashboard, string apiKey, string topics, CancellationToken cancellationToken)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = dashboard, Timeout = Timeout.InfiniteTimeSpan };
        var form = await http.GetStringAsync("/signin", cancellationToken);
        var token = Token().Match(form).Groups[1].Value;
        using var signIn = await http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["ApiKey"] = apiKey, ["__RequestVerificationToken"] = token }), cancellationToken);
        signIn.EnsureSuccessStatusCode();
        var page = new SimulatedPage(http);
        var live = await http.GetAsync($"/live?topics={Uri.EscapeDataString(topics)}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        live.EnsureSuccessStatusCode();
        page.reading = page.ReadAsync(live);
        return page;
    }

    private async Task ReadAsync(HttpResponseMessage live)
    {
        try
        {
            using (live)
            await using (var stream = await live.Content.ReadAsStreamAsync(closing.Token))
            {
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(closing.Token))
                {
                    Events++;
                    if (item.EventType == "job" && Job is { } job && JsonDocument.Parse(item.Data).RootElement.GetProperty("jobId").GetGuid() == job
                        && DateTime.UtcNow - lastDetails >= DetailsEvery)
                    {
                        lastDetails = DateTime.UtcNow;
                        using var details = await http.GetAsync($"/jobs/{job}?handler=Details", closing.Token);
                        details.EnsureSuccessStatusCode();
                        DetailFetches++;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        await reading;
        http.Dispose();
        closing.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
