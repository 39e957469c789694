using RenderFarm.Costs;
using RenderFarm.Scaling;
using RenderFarm.Scaling.Gcp;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>A fake Compute Engine, a service account key it trusts, and a provider pointed at both, for one test.</summary>
public sealed class GceProviderHarness : IAsyncDisposable
{
    private readonly TestDirectory directory = new("gce");
    private readonly HttpClient http = new();

    private GceProviderHarness(FakeComputeServer server, RecordingMachineHost host)
    {
        Server = server;
        Host = host;
        Key = new FakeServiceAccountKey(directory.File("service-account.json"), server.TokenUri);
        server.Trust(Key);
        Provider = new GceMachineProvider(Options(), http, TimeProvider.System);
    }

    public RecordingMachineHost Host { get; }

    public FakeComputeServer Server { get; }

    public FakeServiceAccountKey Key { get; }

    public GceMachineProvider Provider { get; }

    public string Folder => directory.Path;

    public static async Task<GceProviderHarness> StartAsync()
    {
        var host = new RecordingMachineHost();
        var server = new FakeComputeServer(host);
        await server.StartAsync(TestContext.Current.CancellationToken);
        return new GceProviderHarness(server, host);
    }

    public GceProviderOptions Options(Action<GceProviderOptions>? change = null)
    {
        var options = new GceProviderOptions
        {
            Project = Server.Project,
            Zone = Server.Zone,
            ServiceAccountKeyFile = Key.File,
            ComputeBaseUrl = Server.ComputeBaseUrl,
            OperationPollInterval = TimeSpan.FromMilliseconds(20),
            OperationTimeout = TimeSpan.FromSeconds(10),
        };
        change?.Invoke(options);
        return options;
    }

    public GceMachineProvider ProviderWith(Action<GceProviderOptions> change) => new(Options(change), http, TimeProvider.System);

    public static InstancePrice Price(string type, PricingModel pricing, int gpus = 0, string region = "us-central1") => new()
    {
        Provider = "gcp",
        Region = region,
        InstanceType = type,
        Pricing = pricing,
        HourlyPrice = 0.5m,
        Cores = 4,
        MemoryGiB = 16,
        Gpu = gpus > 0 ? "nvidia-l4" : null,
        GpuCount = gpus,
    };

    public static MachineLaunch Launch(string farm, string nodeId, InstancePrice price) => TestLaunches.For(farm, "default", nodeId, price);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Key.Dispose();
        http.Dispose();
        directory.Dispose();
    }
}
