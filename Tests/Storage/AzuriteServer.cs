using System.Diagnostics;
using Azure.Storage;
using Azure.Storage.Blobs;
using RenderFarm.Storage.Azure;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Storage;

/// <summary>
/// Azurite's blob service on a free loopback port, its data in a folder of its own, started by
/// deploy/storage/start-azurite.sh. It can be stopped and started again on the same port and folder,
/// keeping its blobs; disposing it kills it and removes the folder.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    /// <summary>The emulator's well-known account, the same for every Azurite.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // The first start of a machine installs Azurite with npm.
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KillLimit = TimeSpan.FromSeconds(10);

    private readonly TestDirectory data = new("azurite");

    public int Port { get; } = LoopbackPorts.Free();

    public Uri ServiceUri => new($"http://127.0.0.1:{Port}/{AccountName}");

    public string DataPath => data.Path;

    private static string Scripts => Path.Combine(RepositoryPaths.Root, "deploy", "storage");

    private string PidFile => Path.Combine(data.Path, "azurite.pid");

    public async ValueTask InitializeAsync() => await StartAsync();

    /// <summary>Starts it on <see cref="Port"/> and <see cref="DataPath"/> (again, after <see cref="StopAsync"/>) and returns once it answers.</summary>
    public async Task StartAsync()
    {
        var started = await ToolProcess.RunAsync("bash", [Path.Combine(Scripts, "start-azurite.sh"), Port.ToString(System.Globalization.CultureInfo.InvariantCulture), data.Path], StartLimit);
        if (started.ExitCode != 0)
            throw new InvalidOperationException($"Azurite did not start on port {Port}: {started.Output}");
    }

    /// <summary>Stops it, letting it save its blobs, and returns once it has exited.</summary>
    public async Task StopAsync()
    {
        var stopped = await ToolProcess.RunAsync("bash", [Path.Combine(Scripts, "stop-azurite.sh"), data.Path], StopLimit);
        if (stopped.ExitCode != 0)
            throw new InvalidOperationException($"Azurite on port {Port} did not stop: {stopped.Output}");
    }

    public BlobServiceClient Client() => new(ServiceUri, new StorageSharedKeyCredential(AccountName, AccountKey));

    public async Task<BlobContainerClient> CreateContainerAsync(string name)
    {
        var container = Client().GetBlobContainerClient(name);
        await container.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        return container;
    }

    /// <summary>A store on <paramref name="container"/> of this Azurite, through the well-known account.</summary>
    public AzureBlobStoreOptions Options(string container) => new()
    {
        ServiceUri = ServiceUri,
        AccountName = AccountName,
        AccountKey = AccountKey,
        Container = container,
    };

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(PidFile) && int.TryParse(await File.ReadAllTextAsync(PidFile), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                using var limit = new CancellationTokenSource(KillLimit);
                await process.WaitForExitAsync(limit.Token);
            }
            catch (ArgumentException)
            {
                // It has exited already.
            }
        }
        data.Dispose();
    }
}

/// <summary>One Azurite for every test class of the collection, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
