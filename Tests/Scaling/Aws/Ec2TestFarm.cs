using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RenderFarm.Costs;
using RenderFarm.Scaling;
using RenderFarm.Scaling.Aws;

namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>A fake EC2 with a recording host, and the provider talking to it through the SDK, on one fake clock.</summary>
internal sealed class Ec2TestFarm : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string ImageId = "ami-0abc1234def567890";
    public const string SubnetId = "subnet-0123456789abcdef0";
    public const string SecurityGroupId = "sg-0fedcba9876543210";

    private Ec2TestFarm(FakeEc2Server server, RecordingMachineHost host, FakeTimeProvider time)
    {
        Server = server;
        Host = host;
        Time = time;
        Provider = new Ec2MachineProvider(Options.Create(OptionsFor(server)), time, NullLogger<Ec2MachineProvider>.Instance);
    }

    public FakeEc2Server Server { get; }

    public RecordingMachineHost Host { get; }

    public FakeTimeProvider Time { get; }

    public Ec2MachineProvider Provider { get; }

    public static async Task<Ec2TestFarm> StartAsync()
    {
        var host = new RecordingMachineHost();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        return new Ec2TestFarm(await FakeEc2Server.StartAsync(host, time), host, time);
    }

    public static Ec2ProviderOptions OptionsFor(FakeEc2Server server) => new()
    {
        Region = Region,
        ImageId = ImageId,
        SubnetId = SubnetId,
        SecurityGroupIds = [SecurityGroupId],
        KeyName = "render-ops",
        IamInstanceProfile = "renderfarm-node",
        ServiceUrl = server.ServiceUrl,
        AccessKey = "AKIAFAKEFAKEFAKEFAKE",
        SecretKey = "fake-secret",
        MaxErrorRetry = 0,
    };

    public static InstancePrice Price(string instanceType, PricingModel pricing) => new()
    {
        Provider = "aws",
        Region = Region,
        InstanceType = instanceType,
        Pricing = pricing,
        HourlyPrice = 0.5m,
        Cores = 4,
        MemoryGiB = 16,
    };

    public static MachineLaunch Launch(string farm, string nodeId, InstancePrice instance) => TestLaunches.For(farm, "gpu", nodeId, instance);

    public async ValueTask DisposeAsync()
    {
        Provider.Dispose();
        await Server.DisposeAsync();
    }
}
