using System.Diagnostics;
using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using RenderFarm.Storage.S3;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Storage;

/// <summary>
/// An s3rver on a loopback port, started by deploy/storage/start-s3rver.sh with its buckets in a test
/// folder. It can be stopped and started again on the same port with the same data, as a store that
/// goes away and comes back.
/// </summary>
public sealed class S3rverServer : IAsyncLifetime, IDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Region = "us-east-1";

    // Starting may first install s3rver with npm; waiting for it to answer has a limit of its own.
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(5);
    private const int AnswerLimitSeconds = 30;
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    private readonly TestDirectory folder = new("s3rver");
    private int? pid;

    public S3rverServer()
    {
        Port = LoopbackPorts.Free();
        DataDirectory = folder.File("data");
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public bool IsRunning => pid is not null;

    public ValueTask InitializeAsync() => new(StartAsync());

    public async Task StartAsync()
    {
        if (pid is not null)
            throw new InvalidOperationException($"s3rver already runs on port {Port} (pid {pid})");
        var result = await ToolProcess.RunAsync(
            "bash",
            [Script("start-s3rver.sh"), Port.ToString(CultureInfo.InvariantCulture), DataDirectory],
            StartLimit,
            new Dictionary<string, string> { ["S3RVER_START_TIMEOUT"] = AnswerLimitSeconds.ToString(CultureInfo.InvariantCulture) });
        var lastLine = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (result.ExitCode != 0 || !int.TryParse(lastLine, CultureInfo.InvariantCulture, out var started))
            throw new InvalidOperationException($"start-s3rver.sh {Port} {DataDirectory} failed ({result.ExitCode}): {result.Output}");
        pid = started;
    }

    public async Task StopAsync()
    {
        if (pid is not { } running)
            throw new InvalidOperationException($"s3rver on port {Port} is not running");
        var result = await ToolProcess.RunAsync("bash", [Script("stop-s3rver.sh"), DataDirectory], StopLimit);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"stop-s3rver.sh {DataDirectory} failed ({result.ExitCode}): {result.Output}");
        if (IsAlive(running))
            throw new InvalidOperationException($"s3rver (pid {running}) still runs after stop-s3rver.sh");
        pid = null;
    }

    public async Task CreateBucketAsync(string name)
    {
        using var client = CreateClient(name);
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = name }, TestContext.Current.CancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
        }
    }

    /// <summary>A store's options for <paramref name="bucket"/> on this server.</summary>
    public S3StoreOptions Options(string bucket) => new()
    {
        ServiceUrl = ServiceUrl,
        Region = Region,
        Bucket = bucket,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        ForcePathStyle = true,
    };

    /// <summary>A plain SDK client, to look at a bucket past a store.</summary>
    public AmazonS3Client CreateClient(string bucket) => S3Clients.Create(Options(bucket));

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (pid is { } running)
        {
            try
            {
                using var process = Process.GetProcessById(running);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            pid = null;
        }
        folder.Dispose();
    }

    private static string Script(string name) => Path.Combine(RepositoryPaths.Root, "deploy", "storage", name);

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
