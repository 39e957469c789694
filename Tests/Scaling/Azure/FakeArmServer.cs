using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>
/// A local fake of Azure for one subscription, resource group and location, on a loopback port over TLS
/// with a certificate made by the test run (<see cref="FakeArmCertificate"/>): Microsoft Entra ID's token
/// endpoint (<see cref="FakeArmTokens"/>), Resource Manager's virtual machines and their long-running
/// operations (<see cref="FakeArmVirtualMachines"/>) and the Retail Prices API (<see cref="FakeRetailPrices"/>);
/// and, on a second, plain-http port, each machine's Scheduled Events (<see cref="FakeArmScheduledEvents"/>).
/// A created machine boots on the <see cref="IFakeMachineHost"/> with the settings of its custom data, and
/// stops there when it is deleted.
/// </summary>
public sealed class FakeArmServer : IAsyncDisposable
{
    public const string DefaultSubscription = "6f1c2a9e-4b1d-4c55-9a57-2d0c3e7b8a10";
    public const string DefaultResourceGroup = "renderfarm-test";
    public const string DefaultLocation = "eastus";
    public const string DefaultTenant = "2b9d6f3c-1a4e-4f7b-8c2d-5e6f7a8b9c0d";
    public const string DefaultClientId = "0c3e5a7b-9d1f-4b2a-8c4e-6f8a0b2c4d6e";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private readonly Dictionary<string, FakeArmVirtualMachine> machines = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FakeArmOperation> operations = new(StringComparer.Ordinal);
    private readonly List<FakeArmFailure> failures = [];
    private readonly List<FakeRetailPrice> retailPrices = [];
    private readonly List<JsonObject> creates = [];
    private readonly List<string> unserved = [];
    private readonly FakeArmCertificate certificate;
    private readonly FakeArmTokens tokens;
    private readonly FakeArmVirtualMachines api;
    private readonly FakeArmScheduledEvents scheduledEvents;
    private readonly FakeRetailPrices prices;
    private WebApplication? app;
    private int operationCount;
    private int tokenCount;
    private int listPages;
    private int pricesRequests;

    public FakeArmServer(IFakeMachineHost host)
    {
        Host = host;
        Port = LoopbackPorts.Free();
        MetadataPort = LoopbackPorts.Free();
        certificate = FakeArmCertificate.Shared;
        tokens = new FakeArmTokens(this);
        api = new FakeArmVirtualMachines(this);
        scheduledEvents = new FakeArmScheduledEvents(this);
        prices = new FakeRetailPrices(this);
    }

    public IFakeMachineHost Host { get; }

    public string SubscriptionId { get; } = DefaultSubscription;

    public string ResourceGroup { get; } = DefaultResourceGroup;

    public string Location { get; } = DefaultLocation;

    public string TenantId { get; } = DefaultTenant;

    public string ClientId { get; } = DefaultClientId;

    /// <summary>The service principal's secret the token endpoint accepts.</summary>
    public string ClientSecret { get; } = "fake-secret~" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The TLS port of the token endpoint, Resource Manager and the Retail Prices API.</summary>
    public int Port { get; }

    /// <summary>The plain-http port of the machines' Scheduled Events.</summary>
    public int MetadataPort { get; }

    /// <summary>Resource Manager's root, as the provider's ArmEndpoint and the audience of its tokens.</summary>
    public string ArmEndpoint => $"https://127.0.0.1:{Port}";

    /// <summary>Entra ID's root, as the provider's AuthorityHost.</summary>
    public string AuthorityHost => $"https://127.0.0.1:{Port}/";

    public string RetailPricesUrl => $"https://127.0.0.1:{Port}/api/retail/prices";

    /// <summary>The bearer token the token endpoint hands out and Resource Manager accepts.</summary>
    public string AccessToken { get; private set; } = NewToken();

    /// <summary>
    /// A long-running operation is InProgress for this many polls before it is done; by default it is done
    /// at its first poll. After an InProgress answer the SDK waits about a second before it asks again,
    /// whatever the poll interval: tests of the waiting itself set this, the others need not pay it.
    /// </summary>
    public int PollsUntilDone { get; set; }

    /// <summary>The Retail Prices API answers this status, with no prices, while it is set.</summary>
    public int? RetailPricesFailure { get; set; }

    /// <summary>A listing's page (of machines, of prices) holds at most this many.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Every virtual machine PUT body, accepted or refused by an injected failure, oldest first.</summary>
    public IReadOnlyList<JsonObject> Creates
    {
        get
        {
            lock (gate)
                return creates.ToList();
        }
    }

    public IReadOnlyList<FakeArmVirtualMachine> Machines
    {
        get
        {
            lock (gate)
                return machines.Values.ToList();
        }
    }

    /// <summary>Requests the fake has no answer for, as "METHOD path": what the SDK asked that it does not serve.</summary>
    public IReadOnlyList<string> Unserved
    {
        get
        {
            lock (gate)
                return unserved.ToList();
        }
    }

    public IReadOnlyList<FakeRetailPrice> RetailPrices
    {
        get
        {
            lock (gate)
                return retailPrices.ToList();
        }
    }

    public int TokensIssued => Volatile.Read(ref tokenCount);

    public int ListPagesServed => Volatile.Read(ref listPages);

    public int PricesRequests => Volatile.Read(ref pricesRequests);

    /// <summary>A handler that trusts this fake's certificate, for the provider's transport.</summary>
    public HttpMessageHandler TrustingHandler() => certificate.TrustingHandler();

    /// <summary>Writes the fake's certificate as PEM, for a silo process to trust through SSL_CERT_FILE.</summary>
    public void WriteCertificatePem(string file) => certificate.WritePem(file);

    public static async Task<FakeArmServer> StartAsync(IFakeMachineHost host)
    {
        var server = new FakeArmServer(host);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    /// <summary>The next <paramref name="count"/> creates of <paramref name="vmSize"/> fail with <paramref name="code"/>.</summary>
    public void FailNextCreates(string vmSize, int count, FakeArmFailureKind kind, string code, int status)
    {
        lock (gate)
            failures.Add(new FakeArmFailure(vmSize, count, kind, code, status));
    }

    public void AddRetailPrice(FakeRetailPrice price)
    {
        lock (gate)
            retailPrices.Add(price);
    }

    /// <summary>A new token is handed out from now on; the one handed out so far is refused with 401.</summary>
    public void RevokeTokens() => AccessToken = NewToken();

    /// <summary>The machine's Scheduled Events hold a Preempt event from now on.</summary>
    public void Preempt(string vmName)
    {
        lock (gate)
            machines[vmName].PreemptedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Azure takes the spot machine back: with eviction policy Delete it is gone, and stops on its host.</summary>
    public async Task EvictAsync(string vmName)
    {
        lock (gate)
        {
            if (!machines.Remove(vmName))
                throw new InvalidOperationException($"the fake has no machine {vmName}");
        }
        await Host.StopAsync(vmName);
    }

    public void SetState(string vmName, string provisioningState, string powerState)
    {
        lock (gate)
        {
            machines[vmName].ProvisioningState = provisioningState;
            machines[vmName].PowerState = powerState;
        }
    }

    /// <summary>Where the machine's own Instance Metadata Service is rooted (as http://169.254.169.254/ is in a VM).</summary>
    public string MetadataRoot(string vmName) => $"http://127.0.0.1:{MetadataPort}/machines/{Uri.EscapeDataString(vmName)}/";

    public FakeArmVirtualMachine? Find(string name)
    {
        lock (gate)
            return machines.GetValueOrDefault(name);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
            return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, Port, listen => listen.UseHttps(certificate.Certificate));
            kestrel.Listen(IPAddress.Loopback, MetadataPort);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = StopTimeout);
        var built = builder.Build();
        built.Run(RouteAsync);
        await built.StartAsync(timeout.Token);
        app = built;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAllAsync();
        if (app is { } running)
        {
            app = null;
            using var timeout = new CancellationTokenSource(StopTimeout);
            await running.StopAsync(timeout.Token);
            await running.DisposeAsync();
        }
    }

    internal string VirtualMachineId(string name) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Compute/virtualMachines/{name}";

    internal string OperationUrl(FakeArmOperation operation) =>
        $"{ArmEndpoint}/subscriptions/{SubscriptionId}/providers/Microsoft.Compute/locations/{Location}/operations/{operation.Id}?api-version=2023-07-01";

    internal void CountToken() => Interlocked.Increment(ref tokenCount);

    internal void CountListPage() => Interlocked.Increment(ref listPages);

    internal void CountPricesRequest() => Interlocked.Increment(ref pricesRequests);

    internal JsonObject? Resource(string name, bool instanceView)
    {
        lock (gate)
            return machines.TryGetValue(name, out var vm) ? vm.Resource(VirtualMachineId(vm.Name), instanceView) : null;
    }

    /// <summary>Records the create; answers its operation and whether the machine boots, or the error to answer.</summary>
    internal (FakeArmOperation? Operation, bool Boots, (int Status, string Code, string Message)? Error) Create(string name, JsonObject body, string customData)
    {
        lock (gate)
        {
            creates.Add((JsonObject)body.DeepClone());
            var size = body["properties"]!["hardwareProfile"]!["vmSize"]!.GetValue<string>();
            var failure = failures.FirstOrDefault(f => string.Equals(f.VmSize, size, StringComparison.OrdinalIgnoreCase) && f.Remaining > 0);
            if (failure is not null)
                failure.Remaining--;
            if (failure is { Kind: FakeArmFailureKind.Synchronous })
                return (null, false, (failure.Status, failure.Code, $"The fake fails this create of {size} with {failure.Code}."));
            if (machines.ContainsKey(name))
                return (null, false, (409, "PropertyChangeNotAllowed", $"Changing property 'osProfile' is not allowed: the fake's {name} exists already."));
            var vm = new FakeArmVirtualMachine(name, body, customData, DateTimeOffset.UtcNow);
            machines[name] = vm;
            var operation = NewOperation(failure, failure is null
                ? () => (vm.ProvisioningState, vm.PowerState) = ("Succeeded", "running")
                : () => (vm.ProvisioningState, vm.PowerState) = ("Failed", "stopped"));
            return (operation, failure is null, null);
        }
    }

    /// <summary>Starts deleting the machine; null when there is none.</summary>
    internal FakeArmOperation? Delete(string name)
    {
        lock (gate)
        {
            if (!machines.TryGetValue(name, out var vm))
                return null;
            vm.ProvisioningState = "Deleting";
            return NewOperation(null, () => machines.Remove(name));
        }
    }

    internal Dictionary<string, object?>? Poll(string id)
    {
        lock (gate)
            return operations.TryGetValue(id, out var operation) ? operation.Poll() : null;
    }

    private FakeArmOperation NewOperation(FakeArmFailure? failure, Action onDone)
    {
        var operation = new FakeArmOperation($"{++operationCount:D4}-{Guid.NewGuid()}", PollsUntilDone, failure, onDone);
        operations[operation.Id] = operation;
        return operation;
    }

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var method = context.Request.Method;
        if (context.Connection.LocalPort == MetadataPort)
        {
            if ((method, path) is ("GET", ["machines", var vm, "metadata", "scheduledevents"]))
                await scheduledEvents.HandleAsync(context, vm);
            else
                await NotServedAsync(context);
            return;
        }
        switch (method, path)
        {
            case ("POST", [var tenant, "oauth2", "v2.0", "token"]):
                await tokens.HandleAsync(context, tenant);
                return;
            case ("GET", ["api", "retail", "prices"]):
                await prices.HandleAsync(context);
                return;
            case (_, ["subscriptions", var s, .. var rest]) when s == SubscriptionId:
                if (!await api.AuthorizedAsync(context))
                    return;
                await ((method, rest) switch
                {
                    ("GET", ["providers", var p, "locations", var l, "operations", var id]) when Is(p, "Microsoft.Compute") && l == Location => api.PollAsync(context, id),
                    (_, ["resourceGroups", var g, "providers", var p, var t, .. var vm]) when Is(g, ResourceGroup) && Is(p, "Microsoft.Compute") && Is(t, "virtualMachines") => (method, vm) switch
                    {
                        ("GET", []) => api.ListAsync(context),
                        ("PUT", [var name]) => api.PutAsync(context, name),
                        ("GET", [var name]) => api.GetAsync(context, name),
                        ("DELETE", [var name]) => api.DeleteAsync(context, name),
                        _ => NotServedAsync(context),
                    },
                    _ => NotServedAsync(context),
                });
                return;
            default:
                await NotServedAsync(context);
                return;
        }
    }

    private Task NotServedAsync(HttpContext context)
    {
        lock (gate)
            unserved.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        return FakeArmHttp.ErrorAsync(context, 404, "NotFound", $"The fake does not serve {context.Request.Method} {context.Request.Path}.");
    }

    private static bool Is(string segment, string expected) => string.Equals(segment, expected, StringComparison.OrdinalIgnoreCase);

    private static string NewToken() => "eyJ0eXAiOiJKV1Qi.fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
