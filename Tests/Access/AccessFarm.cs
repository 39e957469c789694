using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;

namespace RenderFarm.Tests.Access;

/// <summary>
/// One farm-mode silo process with the test keys, a client for each of alice, bob and the operator, and
/// one finished job of each user: alice's (project trailer) and bob's.
/// </summary>
public sealed class AccessFarm : IAsyncLifetime
{
    private static readonly TimeSpan JobLimit = TimeSpan.FromMinutes(2);
    private readonly List<IHost> clients = [];

    public ProcessFarm Farm { get; private set; } = null!;
    public IRenderFarm Alice { get; private set; } = null!;
    public IRenderFarm Bob { get; private set; } = null!;
    public IRenderFarm Operator => Farm.Farm;
    public IClusterClient AliceCluster { get; private set; } = null!;
    public IClusterClient BobCluster { get; private set; } = null!;
    public JobStatus AliceJob { get; private set; } = null!;
    public JobStatus BobJob { get; private set; } = null!;

    /// <summary>The farm's own copy of the test keys, which a test may change while the farm runs.</summary>
    public string KeysFile { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Farm = await ProcessFarm.StartAsync(1, farm =>
        {
            KeysFile = farm.Folder("keys");
            File.Copy(TestKeys.File, KeysFile);
            return new() { ["Access__KeysFile"] = KeysFile };
        });
        var alice = await ClientAsync(TestKeys.Alice);
        Alice = alice.Services.GetRequiredService<IRenderFarm>();
        AliceCluster = alice.Services.GetRequiredService<IClusterClient>();
        var bob = await ClientAsync(TestKeys.Bob);
        Bob = bob.Services.GetRequiredService<IRenderFarm>();
        BobCluster = bob.Services.GetRequiredService<IClusterClient>();
        var aliceJob = await Alice.SubmitJobAsync(FarmTimelines.Small(25, "alice"), new JobOptions { ChunkCount = 1, Project = TestKeys.AliceProject }, ct);
        var bobJob = await Bob.SubmitJobAsync(FarmTimelines.Small(25, "bob"), new JobOptions { ChunkCount = 1 }, ct);
        AliceJob = await Farm.WaitForEndAsync(aliceJob.JobId, JobLimit);
        BobJob = await Farm.WaitForEndAsync(bobJob.JobId, JobLimit);
    }

    /// <summary>A started client presenting <paramref name="apiKey"/> (none when null), disposed with the farm.</summary>
    public async Task<IHost> ClientAsync(string? apiKey)
    {
        var client = await Farm.ConnectClientAsync(apiKey, TestContext.Current.CancellationToken);
        clients.Add(client);
        return client;
    }

    /// <summary>Waits until the silo's log holds <paramref name="line"/>: a refusal is logged as it is thrown, the file catches up a moment later.</summary>
    public async Task<string> LogLineAsync(string line)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var file = Path.Combine(Farm.LogFolder, "node-0.log");
        while (true)
        {
            using (var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
            {
                var text = await reader.ReadToEndAsync();
                if (text.Split('\n').FirstOrDefault(l => l.Contains(line, StringComparison.Ordinal)) is { } found)
                    return found;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the silo's log {file} did not show '{line}' within 10 s");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.StopAsync();
            client.Dispose();
        }
        if (Farm is not null)
            await Farm.DisposeAsync();
    }
}
