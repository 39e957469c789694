using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RenderFarm.Scaling;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>
/// A local fake of Compute Engine for one project and zone on a loopback port (Kestrel): the OAuth token
/// endpoint of service accounts (<see cref="FakeComputeTokens"/>), the instances and zone operations of
/// the JSON API (<see cref="FakeComputeApi"/>), and each instance's preemption notice
/// (<see cref="FakeComputeMetadata"/>). A launched instance boots on the <see cref="IFakeMachineHost"/>
/// with the settings of its user-data metadata, and stops there when it is deleted.
/// </summary>
public sealed class FakeComputeServer : IAsyncDisposable
{
    public const string DefaultProject = "renderfarm-test";
    public const string DefaultZone = "us-central1-a";

    private readonly Lock gate = new();
    private readonly Dictionary<string, FakeComputeInstance> instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeComputeOperation> operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RSAParameters> trusted = new(StringComparer.Ordinal);
    private readonly List<FakeComputeFailure> failures = [];
    private readonly List<JsonObject> inserts = [];
    private readonly FakeComputeTokens tokens;
    private readonly FakeComputeApi api;
    private readonly FakeComputeMetadata metadata;
    private readonly RestartableLoopbackServer listener;
    private int operationCount;
    private int tokenCount;
    private int listPages;

    public FakeComputeServer(IFakeMachineHost host, string project = DefaultProject, string zone = DefaultZone)
    {
        Host = host;
        Project = project;
        Zone = zone;
        listener = new RestartableLoopbackServer("fake Compute Engine", RouteAsync);
        tokens = new FakeComputeTokens(this);
        api = new FakeComputeApi(this);
        metadata = new FakeComputeMetadata(this);
    }

    public IFakeMachineHost Host { get; }

    public string Project { get; }

    public string Zone { get; }

    public int Port => listener.Port;

    /// <summary>The root of the JSON API, as the provider's ComputeBaseUrl.</summary>
    public string ComputeBaseUrl => $"http://127.0.0.1:{Port}/compute/v1/";

    /// <summary>The token endpoint, as a service account key's token_uri.</summary>
    public string TokenUri => $"http://127.0.0.1:{Port}/token";

    /// <summary>The bearer token the token endpoint hands out and the API accepts.</summary>
    public string AccessToken { get; private set; } = NewToken();

    /// <summary>A zone operation is PENDING, then RUNNING, for this many polls before it is DONE.</summary>
    public int PollsUntilDone { get; set; } = 2;

    /// <summary>A listing's page holds at most this many instances, whatever the client asks for.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>Every instances.insert body accepted or refused by an injected failure, oldest first.</summary>
    public IReadOnlyList<JsonObject> Inserts
    {
        get
        {
            lock (gate)
                return inserts.ToList();
        }
    }

    public IReadOnlyList<FakeComputeInstance> Instances
    {
        get
        {
            lock (gate)
                return instances.Values.ToList();
        }
    }

    public int TokensIssued => Volatile.Read(ref tokenCount);

    public int ListPagesServed => Volatile.Read(ref listPages);

    internal string ZoneRoot => $"{ComputeBaseUrl}projects/{Project}/zones/{Zone}/";

    public static async Task<FakeComputeServer> StartAsync(IFakeMachineHost host)
    {
        var server = new FakeComputeServer(host);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    /// <summary>The token endpoint hands out tokens for assertions signed by this key.</summary>
    public void Trust(FakeServiceAccountKey key)
    {
        lock (gate)
            trusted[key.ClientEmail] = key.PublicKey;
    }

    /// <summary>A new token is handed out from now on; the one handed out so far is refused with 401.</summary>
    public void RevokeTokens() => AccessToken = NewToken();

    /// <summary>The next <paramref name="count"/> inserts of <paramref name="machineType"/> fail with <paramref name="code"/>.</summary>
    public void FailNextInserts(string machineType, int count, FakeComputeFailureKind kind, string code, int status)
    {
        lock (gate)
            failures.Add(new FakeComputeFailure(machineType, count, kind, code, status));
    }

    /// <summary>The instance's metadata server answers TRUE to the preemption notice from now on.</summary>
    public void Preempt(string instanceName)
    {
        lock (gate)
            instances[instanceName].Preempted = true;
    }

    public void SetStatus(string instanceName, string status)
    {
        lock (gate)
            instances[instanceName].Status = status;
    }

    /// <summary>Where the instance's own metadata server is rooted (as http://metadata.google.internal/ is in a VM).</summary>
    public string MetadataRoot(string instanceName) => $"http://127.0.0.1:{Port}/machines/{Uri.EscapeDataString(instanceName)}/";

    public FakeComputeInstance? Find(string name)
    {
        lock (gate)
            return instances.GetValueOrDefault(name);
    }

    public Task StartAsync(CancellationToken cancellationToken) => listener.StartAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAllAsync();
        await listener.DisposeAsync();
    }

    internal void CountToken() => Interlocked.Increment(ref tokenCount);

    internal void CountListPage() => Interlocked.Increment(ref listPages);

    internal JsonObject Resource(FakeComputeInstance instance)
    {
        lock (gate)
            return instance.Resource(ZoneRoot);
    }

    /// <summary>Records the insert; answers its operation and what the machine boots with, or the HTTP error to answer.</summary>
    internal (FakeComputeOperation? Operation, BootSettings? Boot, (int Status, string Reason, string Message)? Error) Insert(string name, string machineType, JsonObject body)
    {
        lock (gate)
        {
            inserts.Add((JsonObject)body.DeepClone());
            var failure = failures.FirstOrDefault(f => f.MachineType == machineType && f.Remaining > 0);
            if (failure is not null)
                failure.Remaining--;
            if (failure is { Kind: FakeComputeFailureKind.Http })
                return (null, null, (failure.Status, failure.Code, $"The fake fails this insert of {machineType} with {failure.Code}."));
            if (failure is not null)
                return (NewOperation("insert", name, failure, onDone: null), null, null);
            if (instances.ContainsKey(name))
                return (null, null, (409, "alreadyExists", $"The resource 'projects/{Project}/zones/{Zone}/instances/{name}' already exists"));
            BootSettings? boot = null;
            var instance = new FakeComputeInstance(name, body, DateTimeOffset.UtcNow);
            if (instance.MetadataItem("user-data") is { } userData)
            {
                try
                {
                    boot = CloudInit.Read(userData);
                }
                catch (FormatException e)
                {
                    return (null, null, (400, "invalid", $"Invalid value for field 'resource.metadata': {e.Message}"));
                }
            }
            instances[name] = instance;
            return (NewOperation("insert", name, null, () => instance.Status = "RUNNING"), boot, null);
        }
    }

    /// <summary>Starts deleting the instance; null when there is none.</summary>
    internal FakeComputeOperation? Delete(string name)
    {
        lock (gate)
        {
            if (!instances.TryGetValue(name, out var instance))
                return null;
            instance.Status = "STOPPING";
            return NewOperation("delete", name, null, () => instances.Remove(name));
        }
    }

    internal object? Poll(string operation)
    {
        lock (gate)
            return operations.TryGetValue(operation, out var found) ? found.Poll(ZoneRoot) : null;
    }

    internal RSAParameters? TrustedKey(string clientEmail)
    {
        lock (gate)
            return trusted.TryGetValue(clientEmail, out var key) ? key : null;
    }

    private FakeComputeOperation NewOperation(string type, string target, FakeComputeFailure? failure, Action? onDone)
    {
        var name = $"operation-{++operationCount}-{Guid.NewGuid():N}";
        var operation = new FakeComputeOperation(name, type, target, PollsUntilDone, failure, onDone);
        operations[name] = operation;
        return operation;
    }

    private Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var method = context.Request.Method;
        return (method, path) switch
        {
            ("POST", ["token"]) => tokens.HandleAsync(context),
            ("GET", ["machines", var name, "computeMetadata", "v1", "instance", "preempted"]) => metadata.HandleAsync(context, name),
            (_, ["compute", "v1", "projects", var p, "zones", var z, .. var rest]) when p == Project && z == Zone => (method, rest) switch
            {
                ("POST", ["instances"]) => api.HandleAsync(context, "instances.insert", null),
                ("GET", ["instances"]) => api.HandleAsync(context, "instances.list", null),
                ("GET", ["instances", var name]) => api.HandleAsync(context, "instances.get", name),
                ("DELETE", ["instances", var name]) => api.HandleAsync(context, "instances.delete", name),
                ("GET", ["operations", var name]) => api.HandleAsync(context, "operations.get", name),
                _ => FakeComputeHttp.ErrorAsync(context, 404, "notFound", $"The fake does not serve {method} {context.Request.Path}."),
            },
            _ => FakeComputeHttp.ErrorAsync(context, 404, "notFound", $"The fake does not serve {method} {context.Request.Path}."),
        };
    }

    private static string NewToken() => "ya29.fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
