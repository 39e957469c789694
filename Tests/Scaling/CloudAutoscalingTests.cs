using System.Diagnostics;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Scaling;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Scaling.Aws;
using RenderFarm.Tests.Scaling.Azure;
using RenderFarm.Tests.Scaling.Gcp;

namespace RenderFarm.Tests.Scaling;

/// <summary>
/// A farm of one silo process whose autoscaler launches cloud machines through the real SDKs against
/// each provider's fake; each launched machine boots a real silo process that joins and renders.
/// </summary>
[Collection(Database.DatabaseCollection.Name)]
public sealed class CloudAutoscalingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Aws_machines_launched_past_a_capacity_refusal_render_the_queue_and_are_terminated_once_idle()
    {
        // The cheaper offer is the autoscaler's choice until its provider refuses it.
        const string Refused = "aws/us-east-1/g4dn.xlarge/spot", Launched = "aws/us-east-1/g5.xlarge/spot";
        var host = new SiloMachineHost(Path.Combine(Path.GetTempPath(), "renderfarm-test-logs", "ec2-" + Guid.NewGuid().ToString("N")));
        await using var ec2 = await FakeEc2Server.StartAsync(host);
        ec2.Failures.FailRunInstances("g4dn.xlarge", "InsufficientInstanceCapacity", times: 10);
        var age = Stopwatch.StartNew();
        await using var farm = await ProcessFarm.StartAsync(1, farm => WithEc2(AutoscalerFarm.Settings(farm, [Refused, Launched]), ec2));
        var ct = TestContext.Current.CancellationToken;
        var queued = DateTime.UtcNow;

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Slow(150), new JobOptions { ChunkCount = 5 }, ct);
        var joined = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Count(m => m.State == MachineState.Ready) == 2, "two EC2 machines joined", TimeSpan.FromMinutes(2));
        output.WriteLine($"work queued to two EC2 nodes joined: {(DateTime.UtcNow - queued).TotalSeconds:0.0} s");
        Assert.All(joined.Machines, m => Assert.Equal(("aws", Launched), (m.Provider, m.Instance)));
        Assert.All(joined.Machines, m => Assert.StartsWith("i-", m.MachineId));
        Assert.Contains(joined.Decisions, d => d.Action == ScalingAction.FallBack && d.Reason.Contains("InsufficientInstanceCapacity", StringComparison.Ordinal));
        Assert.Contains(joined.Backoffs, b => b.Instance == Refused);
        var allJoined = DateTime.UtcNow;

        var done = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(4));
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}; logs in {farm.LogFolder}");
        var upAtLeast = DateTime.UtcNow - allJoined;
        var launched = joined.Machines.Select(m => m.NodeId).ToHashSet();
        Assert.Contains(done.Chunks, c => launched.Contains(c.Node!));

        await AutoscalerFarm.UntilAsync(farm, s => s.Machines.All(m => m.State == MachineState.Terminated), "the idle EC2 machines terminated", TimeSpan.FromMinutes(2));
        Assert.All(joined.Machines, m => Assert.Contains(ec2.Instances.StateOf(ec2.Instances.All.Single(i => i.Id == m.MachineId)), new[] { "shutting-down", "terminated" }));
        await AutoscalerFarm.UntilAsync(() => !host.AnyRunning, "the machines' silos to stop", TimeSpan.FromMinutes(1));
        var uptime = await AutoscalerFarm.AssertNodeSecondsAsync(farm, 1, launched, upAtLeast, age.Elapsed, CloudMinimumSeconds);
        Assert.True(uptime.Cost > 0, $"the launched machines' uptime costs {uptime.Cost}");
    }

    [Fact]
    public async Task Azure_machines_launched_through_resource_manager_render_the_queue_and_are_deleted_once_idle()
    {
        const string Offer = "azure/eastus/Standard_NC4as_T4_v3/spot";
        var host = new SiloMachineHost(Path.Combine(Path.GetTempPath(), "renderfarm-test-logs", "azure-" + Guid.NewGuid().ToString("N")));
        await using var azure = await FakeArmServer.StartAsync(host);
        // Each VM's silo watches its own Scheduled Events, as it would at 169.254.169.254 inside the VM.
        host.MoreSettings = vm => new Dictionary<string, string>
        {
            ["RenderNode__Reclaim__MetadataUrl"] = azure.MetadataRoot(vm),
            ["RenderNode__Reclaim__MachineName"] = vm,
        };
        var age = Stopwatch.StartNew();
        await using var farm = await ProcessFarm.StartAsync(1, farm => WithAzure(AutoscalerFarm.Settings(farm, [Offer]), azure, Path.Combine(host.Folder, "arm-root.pem")));
        var ct = TestContext.Current.CancellationToken;

        var timeline = FarmTimelines.Slow(150);
        var job = await farm.Farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = 5 }, ct);
        var joined = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Count(m => m.State == MachineState.Ready) == 2, "two Azure VMs joined", TimeSpan.FromMinutes(2));
        var allJoined = DateTime.UtcNow;
        Assert.All(joined.Machines, m => Assert.Equal(("azure", Offer), (m.Provider, m.Instance)));
        var vms = azure.Machines;
        Assert.Equal(joined.Machines.Select(m => m.MachineId).Order(), vms.Select(v => v.Name).Order());
        Assert.All(vms, vm => Assert.Equal("Succeeded", vm.ProvisioningState));
        Assert.All(azure.Creates, body => Assert.Equal("Spot", body["properties"]!["priority"]!.GetValue<string>()));
        Assert.Empty(azure.Unserved);

        var done = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(4));
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}; logs in {farm.LogFolder}");
        var upAtLeast = DateTime.UtcNow - allJoined;
        var launched = joined.Machines.Select(m => m.NodeId).ToHashSet();
        Assert.Contains(done.Chunks, c => launched.Contains(c.Node!));
        var output = timeline.Output;
        await MediaVerifier.VerifyFinalAsync(done.OutputPath!,
            new ExpectedVideo(output.DurationFrames, output.Width, output.Height, "h264", output.FrameRate), output.Audio, ct);
        var scheduler = (await farm.Farm.GetClusterStatusAsync(ct)).Scheduler;
        Assert.Equal((0, 0), (scheduler.Queued, scheduler.Running));

        var ended = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.All(m => m.State == MachineState.Terminated), "the idle Azure VMs deleted", TimeSpan.FromMinutes(2));
        Assert.Contains(ended.Decisions, d => d.Action == ScalingAction.Drain);
        Assert.All(joined.Machines, m => Assert.Null(azure.Find(m.MachineId)));
        await AutoscalerFarm.UntilAsync(() => !host.AnyRunning, "the VMs' silos to stop", TimeSpan.FromMinutes(1));
        var uptime = await AutoscalerFarm.AssertNodeSecondsAsync(farm, 1, launched, upAtLeast, age.Elapsed, CloudMinimumSeconds);
        Assert.True(uptime.Cost > 0, $"the launched VMs' uptime costs {uptime.Cost}");
    }

    [Fact]
    public async Task A_google_cloud_machine_that_never_joins_is_terminated_and_its_offer_gives_way_to_the_next()
    {
        const string Broken = "gcp/us-central1/g2-standard-4/spot", Working = "gcp/us-central1/g2-standard-8/spot";
        var host = new SiloMachineHost(Path.Combine(Path.GetTempPath(), "renderfarm-test-logs", "gce-" + Guid.NewGuid().ToString("N")));
        host.NeverBoot.Add(Broken);
        await using var compute = await FakeComputeServer.StartAsync(host);
        using var key = new FakeServiceAccountKey(Path.Combine(host.Folder, "service-account.json"), compute.TokenUri);
        compute.Trust(key);
        var age = Stopwatch.StartNew();
        await using var farm = await ProcessFarm.StartAsync(1, farm =>
        {
            var settings = AutoscalerFarm.Settings(farm, [Broken, Working], joinTimeout: "00:00:20");
            settings["Providers__Gcp__Project"] = compute.Project;
            settings["Providers__Gcp__Zone"] = compute.Zone;
            settings["Providers__Gcp__ServiceAccountKeyFile"] = key.File;
            settings["Providers__Gcp__ComputeBaseUrl"] = compute.ComputeBaseUrl;
            settings["Providers__Gcp__OperationPollInterval"] = "00:00:00.050";
            return settings;
        });
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => farm.Farm.ScaleClusterAsync(4, ct));
        Assert.Equal(2, (await farm.Farm.ScaleClusterAsync(2, ct)).ManualTarget);
        var status = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Any(m => m.Instance == Working && m.State == MachineState.Ready), "a machine of the next offer joined", TimeSpan.FromMinutes(2));
        var joinedAt = DateTime.UtcNow;
        var working = status.Machines.Single(m => m.Instance == Working);

        var broken = Assert.Single(status.Machines, m => m.Instance == Broken);
        Assert.True(broken.State is MachineState.Terminating or MachineState.Terminated, broken.State.ToString());
        Assert.Contains("did not join", broken.Reason);
        Assert.Contains(status.Decisions, d => d.Action == ScalingAction.FallBack && d.Reason.StartsWith(Broken, StringComparison.Ordinal));
        Assert.DoesNotContain(compute.Instances, i => i.Name == broken.MachineId);

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(60), new JobOptions { ChunkCount = 4 }, ct);
        var done = await farm.WaitForEndAsync(job.JobId, TimeSpan.FromMinutes(2));
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}; logs in {farm.LogFolder}");
        var upAtLeast = DateTime.UtcNow - joinedAt;
        Assert.Contains(done.Chunks, c => c.Node == working.NodeId);
        await farm.Farm.ScaleClusterAsync(1, ct);
        var ended = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.All(m => m.State is MachineState.Terminated or MachineState.Terminating), "the machine drained and terminated", TimeSpan.FromMinutes(1));
        Assert.Contains("target of 1", ended.Decisions.Last(d => d.Action == ScalingAction.Drain).Reason);
        await AutoscalerFarm.UntilAsync(() => !host.AnyRunning, "the machine's silo to stop", TimeSpan.FromMinutes(1));
        // The machine that never booted registered no node: only the one that joined is on the bill.
        var uptime = await AutoscalerFarm.AssertNodeSecondsAsync(farm, 1, [working.NodeId], upAtLeast, age.Elapsed, CloudMinimumSeconds);
        Assert.True(uptime.Cost > 0, $"the launched machine's uptime costs {uptime.Cost}");
    }

    [Fact]
    public async Task The_autoscaler_s_silo_killed_the_pool_still_scales_and_no_machine_is_launched_twice()
    {
        const string Offer = "aws/us-east-1/g4dn.xlarge/on-demand";
        var host = new SiloMachineHost(Path.Combine(Path.GetTempPath(), "renderfarm-test-logs", "ec2-" + Guid.NewGuid().ToString("N")));
        await using var ec2 = await FakeEc2Server.StartAsync(host);
        await using var farm = await ProcessFarm.StartAsync(2, farm => WithEc2(AutoscalerFarm.Settings(farm, [Offer], maxNodes: 4), ec2));
        var ct = TestContext.Current.CancellationToken;

        await farm.Farm.ScaleClusterAsync(3, ct);
        var first = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Count(m => m.State == MachineState.Ready) == 1, "the first machine joined", TimeSpan.FromMinutes(2));
        var nodes = (await farm.Farm.GetClusterStatusAsync(ct)).Nodes;
        var autoscalerNode = nodes.Single(n => n.Info.Silo.Equals(first.Silo)).Info.NodeId;
        await farm.Node(autoscalerNode).KillAsync();

        // Nobody calls it: its reminder brings it back on the other silo, where it carries on from its record.
        var later = DateTime.UtcNow;
        await AutoscalerFarm.UntilAsync(() => ec2.Instances.All.Count >= 2, "a machine launched after the silo's death", TimeSpan.FromMinutes(3));
        output.WriteLine($"the autoscaler launched again {(DateTime.UtcNow - later).TotalSeconds:0} s after its silo was killed");
        var status = await AutoscalerFarm.UntilAsync(farm, s => s.Machines.Count(m => m.State == MachineState.Ready) == 2 && !s.Silo!.Equals(first.Silo), "the second machine joined", TimeSpan.FromMinutes(2));
        Assert.Contains(status.Machines, m => m.NodeId == first.Machines.Single().NodeId && m.State == MachineState.Ready);
        Assert.Equal(status.Machines.Count, ec2.Instances.All.Count);
        Assert.Equal(ec2.Instances.All.Count, ec2.Instances.All.Select(i => i.Tags[MachineTags.Node]).Distinct().Count());

        await farm.Farm.ScaleClusterAsync(0, ct);
        await AutoscalerFarm.UntilAsync(farm, s => s.Machines.All(m => m.State is MachineState.Terminated or MachineState.Terminating), "the machines terminated", TimeSpan.FromMinutes(1));
        await AutoscalerFarm.UntilAsync(() => !host.AnyRunning, "the machines' silos to stop", TimeSpan.FromMinutes(1));
    }

    /// <summary>The price catalogue's cloud machines bill a minute at least per run.</summary>
    private const int CloudMinimumSeconds = 60;

    /// <summary>
    /// The farm's silos reach the fake Azure as they would the real one: over TLS, trusting the fake's
    /// certificate as their only root (SSL_CERT_FILE), through the SDK with no handler of the test's.
    /// </summary>
    private static Dictionary<string, string> WithAzure(Dictionary<string, string> settings, FakeArmServer azure, string rootFile)
    {
        azure.WriteCertificatePem(rootFile);
        var options = AzureProviderHarness.Options(azure);
        settings["SSL_CERT_FILE"] = rootFile;
        settings["Providers__Azure__SubscriptionId"] = options.SubscriptionId;
        settings["Providers__Azure__ResourceGroup"] = options.ResourceGroup;
        settings["Providers__Azure__Location"] = options.Location;
        settings["Providers__Azure__SubnetId"] = options.SubnetId;
        settings["Providers__Azure__SshPublicKey"] = options.SshPublicKey;
        settings["Providers__Azure__TenantId"] = options.TenantId!;
        settings["Providers__Azure__ClientId"] = options.ClientId!;
        settings["Providers__Azure__ClientSecret"] = options.ClientSecret!;
        settings["Providers__Azure__ArmEndpoint"] = options.ArmEndpoint;
        settings["Providers__Azure__AuthorityHost"] = options.AuthorityHost;
        settings["Providers__Azure__RetailPricesUrl"] = options.RetailPricesUrl;
        settings["Providers__Azure__MaxRetries"] = "0";
        settings["Providers__Azure__OperationPollInterval"] = "00:00:00.050";
        settings["Providers__Azure__OperationTimeout"] = "00:00:30";
        return settings;
    }

    internal static Dictionary<string, string> WithEc2(Dictionary<string, string> settings, FakeEc2Server ec2)
    {
        var aws = Ec2TestFarm.OptionsFor(ec2);
        settings["Providers__Aws__Region"] = aws.Region;
        settings["Providers__Aws__ImageId"] = aws.ImageId;
        settings["Providers__Aws__SubnetId"] = aws.SubnetId!;
        settings["Providers__Aws__SecurityGroupIds__0"] = aws.SecurityGroupIds[0];
        settings["Providers__Aws__ServiceUrl"] = aws.ServiceUrl!;
        settings["Providers__Aws__AccessKey"] = aws.AccessKey!;
        settings["Providers__Aws__SecretKey"] = aws.SecretKey!;
        settings["Providers__Aws__MaxErrorRetry"] = "0";
        return settings;
    }
}
