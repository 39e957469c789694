using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Monitoring;

/// <summary>
/// A Prometheus of a test's own: its configuration and storage in a temporary folder, its HTTP API on a
/// free loopback port. Disposing it kills the process and removes the folder.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly TestDirectory directory;
    private readonly Process process;
    private readonly HttpClient http;
    private readonly StringBuilder log = new();

    private PrometheusServer(TestDirectory directory, Process process, int port)
    {
        this.directory = directory;
        this.process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
        http = new HttpClient(new HttpClientHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>The temporary folder of its configuration and storage.</summary>
    public string Folder => directory.Path;

    public int ProcessId => process.Id;

    /// <summary>What the process has written so far (Prometheus logs to standard error).</summary>
    public string Log
    {
        get
        {
            lock (log)
                return log.ToString();
        }
    }

    /// <summary>
    /// Starts Prometheus with <paramref name="config"/> as its prometheus.yml (relative paths in it are relative
    /// to a temporary folder: name the repository's files by absolute path) and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string config, TimeSpan? readyTimeout = null)
    {
        var directory = new TestDirectory("prometheus");
        PrometheusServer? server = null;
        try
        {
            File.WriteAllText(directory.File("prometheus.yml"), config);
            var port = LoopbackPorts.Free();
            var info = new ProcessStartInfo("prometheus")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.Path,
            };
            info.ArgumentList.Add($"--config.file={directory.File("prometheus.yml")}");
            info.ArgumentList.Add($"--storage.tsdb.path={directory.File("data")}");
            info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
            server = new PrometheusServer(directory, ToolProcess.Start(info), port);
            await server.WaitUntilReadyAsync(readyTimeout ?? DefaultReadyTimeout);
            return server;
        }
        catch
        {
            if (server is not null)
                await server.DisposeAsync();
            else
                directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts Prometheus scraping <paramref name="targets"/> (host:port; none is fine) as the job renderfarm,
    /// with the series' own labels winning as in deploy/prometheus/prometheus.yml.
    /// </summary>
    public static Task<PrometheusServer> StartScrapingAsync(IEnumerable<string> targets, TimeSpan? scrapeInterval = null, TimeSpan? readyTimeout = null)
    {
        var interval = (int)(scrapeInterval ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
        var list = string.Join(", ", targets.Select(t => JsonSerializer.Serialize(t)));
        var config = $"""
            global:
              scrape_interval: {interval}ms
              evaluation_interval: {interval}ms
            scrape_configs:
              - job_name: renderfarm
                honor_labels: true
                static_configs:
                  - targets: [{list}]
            """;
        return StartAsync(config, readyTimeout);
    }

    /// <summary>An instant query: the API's <c>data</c> (resultType and result); a refused query throws <see cref="PrometheusQueryException"/>.</summary>
    public async Task<JsonElement> QueryAsync(string expr, CancellationToken cancellationToken = default)
    {
        using var form = new FormUrlEncodedContent([new("query", expr)]);
        using var response = await http.PostAsync("/api/v1/query", form, cancellationToken);
        return await DataOfAsync(response, expr, cancellationToken);
    }

    /// <summary>Any GET of the HTTP API, e.g. <c>/api/v1/targets</c>: its <c>data</c>.</summary>
    public async Task<JsonElement> GetAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(pathAndQuery, cancellationToken);
        return await DataOfAsync(response, pathAndQuery, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        try
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(ExitTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            process.Dispose();
            directory.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"prometheus exited ({process.ExitCode}) before it was ready:{Environment.NewLine}{Log}");
            var left = limit - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"prometheus at {Address} was not ready within {limit}:{Environment.NewLine}{Log}");
            if (await AnswersReadyAsync(left))
                return;
            await Task.Delay(ReadyPollInterval);
        }
    }

    private async Task<bool> AnswersReadyAsync(TimeSpan left)
    {
        using var attempt = new CancellationTokenSource(left < TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5));
        try
        {
            using var response = await http.GetAsync("/-/ready", attempt.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false; // not listening yet, or still loading
        }
    }

    private static async Task<JsonElement> DataOfAsync(HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? errorType = null, error = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (response.IsSuccessStatusCode && root.GetProperty("status").GetString() == "success")
                return root.GetProperty("data").Clone();
            errorType = root.TryGetProperty("errorType", out var type) ? type.GetString() : null;
            error = root.TryGetProperty("error", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
        }
        throw new PrometheusQueryException(request, response.StatusCode, errorType, error ?? body);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.AppendLine(line);
    }
}
