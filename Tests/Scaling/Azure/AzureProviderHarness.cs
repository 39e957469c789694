using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RenderFarm.Costs;
using RenderFarm.Scaling;
using RenderFarm.Scaling.Azure;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>A fake Azure and a provider pointed at it through the real SDK, trusting the fake's certificate, for one test.</summary>
public sealed class AzureProviderHarness : IAsyncDisposable
{
    public const string SshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHcWvNAf9WQn8ZxG6ZJbWl3S1cVh6gkcx3z2a8Xm0l1k farm@test";

    private readonly List<AzureMachineProvider> providers = [];
    private readonly HttpMessageHandler handler;

    private AzureProviderHarness(FakeArmServer server, RecordingMachineHost host)
    {
        Server = server;
        Host = host;
        handler = server.TrustingHandler();
        Provider = ProviderWith(_ => { });
    }

    public RecordingMachineHost Host { get; }

    public FakeArmServer Server { get; }

    public AzureMachineProvider Provider { get; }

    public static async Task<AzureProviderHarness> StartAsync()
    {
        var host = new RecordingMachineHost();
        var server = new FakeArmServer(host);
        await server.StartAsync(TestContext.Current.CancellationToken);
        return new AzureProviderHarness(server, host);
    }

    public static AzureProviderOptions Options(FakeArmServer server) => new()
    {
        SubscriptionId = server.SubscriptionId,
        ResourceGroup = server.ResourceGroup,
        Location = server.Location,
        SubnetId = $"/subscriptions/{server.SubscriptionId}/resourceGroups/{server.ResourceGroup}/providers/Microsoft.Network/virtualNetworks/farm/subnets/nodes",
        SshPublicKey = SshKey,
        TenantId = server.TenantId,
        ClientId = server.ClientId,
        ClientSecret = server.ClientSecret,
        ArmEndpoint = server.ArmEndpoint,
        AuthorityHost = server.AuthorityHost,
        RetailPricesUrl = server.RetailPricesUrl,
        MaxRetries = 0,
        OperationPollInterval = TimeSpan.FromMilliseconds(20),
        OperationTimeout = TimeSpan.FromSeconds(20),
    };

    public AzureMachineProvider ProviderWith(Action<AzureProviderOptions> change)
    {
        var options = Options(Server);
        change(options);
        var provider = new AzureMachineProvider(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<AzureMachineProvider>.Instance, handler);
        providers.Add(provider);
        return provider;
    }

    public static InstancePrice Price(string size, PricingModel pricing, string region = FakeArmServer.DefaultLocation) => new()
    {
        Provider = "azure",
        Region = region,
        InstanceType = size,
        Pricing = pricing,
        HourlyPrice = 0.4m,
        Cores = 4,
        MemoryGiB = 16,
    };

    public static MachineLaunch Launch(string farm, string nodeId, InstancePrice price) => TestLaunches.For(farm, "default", nodeId, price);

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in providers)
            provider.Dispose();
        await Server.DisposeAsync();
        handler.Dispose();
    }
}
