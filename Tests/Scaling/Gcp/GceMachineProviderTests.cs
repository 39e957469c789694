using System.Text.Json.Nodes;
using RenderFarm.Costs;
using RenderFarm.Scaling;
using RenderFarm.Scaling.Gcp;
using static RenderFarm.Tests.Scaling.Gcp.GceProviderHarness;

namespace RenderFarm.Tests.Scaling.Gcp;

public sealed class GceMachineProviderTests
{
    private const string Farm = "Studio.A";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_spot_and_an_on_demand_launch_arrive_as_asked_and_boot_with_their_settings()
    {
        await using var gce = await StartAsync();
        var spot = Launch(Farm, "Studio.A-gcp-1A2B", Price("n2-standard-8", PricingModel.Spot));
        var onDemand = Launch(Farm, "studio.a-gcp-3c4d", Price("g2-standard-4", PricingModel.OnDemand, gpus: 1));

        var spotMachine = await gce.Provider.LaunchAsync(spot, Token);
        var onDemandMachine = await gce.Provider.LaunchAsync(onDemand, Token);

        Assert.Equal(new ProviderMachine("studio-a-gcp-1a2b", spot.NodeId, "gcp/us-central1/n2-standard-8/spot", ProviderMachineState.Running, spotMachine.LaunchedAt), spotMachine);
        Assert.NotNull(spotMachine.LaunchedAt);
        Assert.Equal(ProviderMachineState.Running, onDemandMachine.State);

        var (spotBody, onDemandBody) = (gce.Server.Inserts[0], gce.Server.Inserts[1]);
        Assert.Equal("zones/us-central1-a/machineTypes/n2-standard-8", spotBody["machineType"]!.GetValue<string>());
        Assert.Equal("zones/us-central1-a/machineTypes/g2-standard-4", onDemandBody["machineType"]!.GetValue<string>());
        Assert.Equal("projects/debian-cloud/global/images/family/debian-12", spotBody["disks"]![0]!["initializeParams"]!["sourceImage"]!.GetValue<string>());
        Assert.True(spotBody["disks"]![0]!["boot"]!.GetValue<bool>());
        Assert.Equal(
            new JsonObject { ["provisioningModel"] = "SPOT", ["instanceTerminationAction"] = "DELETE", ["automaticRestart"] = false, ["onHostMaintenance"] = "TERMINATE" }.ToJsonString(),
            spotBody["scheduling"]!.ToJsonString());
        Assert.Equal("STANDARD", onDemandBody["scheduling"]!["provisioningModel"]!.GetValue<string>());
        Assert.Equal("TERMINATE", onDemandBody["scheduling"]!["onHostMaintenance"]!.GetValue<string>());
        Assert.Null(onDemandBody["scheduling"]!["instanceTerminationAction"]);

        var instance = gce.Server.Find("studio-a-gcp-1a2b")!;
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["renderfarm-farm"] = "studio-a",
                ["renderfarm-pool"] = "default",
                ["renderfarm-node"] = "studio-a-gcp-1a2b",
                ["renderfarm-instance"] = "gcp-us-central1-n2-standard-8-spot",
            },
            instance.Labels);
        Assert.Equal(spot.NodeId, instance.MetadataItem("renderfarm-node"));
        Assert.Equal(spot.Instance.Key, instance.MetadataItem("renderfarm-instance"));
        Assert.Equal(CloudInit.Render(spot.Boot), instance.MetadataItem("user-data"));

        var booted = gce.Host.Running;
        Assert.Equal(spot.Boot.Environment.OrderBy(e => e.Key), booted["studio-a-gcp-1a2b"].Environment.OrderBy(e => e.Key));
        Assert.Equal(spot.Boot.PackageUrl, booted["studio-a-gcp-1a2b"].PackageUrl);
        Assert.Equal(onDemand.NodeId, booted["studio-a-gcp-3c4d"].Environment["RenderNode__NodeId"]);
    }

    [Fact]
    public async Task A_launch_waits_for_its_operation_to_be_done()
    {
        await using var gce = await StartAsync();
        gce.Server.PollsUntilDone = 3;

        var machine = await gce.Provider.LaunchAsync(Launch(Farm, "node-1", Price("n2-standard-4", PricingModel.OnDemand)), Token);

        Assert.Equal(ProviderMachineState.Running, machine.State);
        Assert.Equal("RUNNING", gce.Server.Find("node-1")!.Status);
    }

    [Fact]
    public async Task An_operation_not_done_in_time_is_unavailable()
    {
        await using var gce = await StartAsync();
        gce.Server.PollsUntilDone = int.MaxValue;
        var provider = gce.ProviderWith(o => o.OperationTimeout = TimeSpan.FromMilliseconds(300));

        var e = await Assert.ThrowsAsync<ProviderException>(() => provider.LaunchAsync(Launch(Farm, "node-1", Price("n2-standard-4", PricingModel.Spot)), Token));

        Assert.Equal(ProviderErrorReason.Unavailable, e.Reason);
        Assert.Equal("timeout", e.Code);
        Assert.Contains("Providers:Gcp:OperationTimeout", e.Message);
    }

    [Fact]
    public async Task The_farm_s_machines_are_found_by_label_on_every_page_with_their_states()
    {
        await using var gce = await StartAsync();
        var price = Price("n2-standard-4", PricingModel.Spot);
        foreach (var node in new[] { "a-1", "a-2", "a-3", "a-4" })
            await gce.Provider.LaunchAsync(Launch(Farm, node, price), Token);
        await gce.Provider.LaunchAsync(Launch("other", "b-1", price), Token);
        gce.Server.SetStatus("a-2", "STAGING");
        gce.Server.SetStatus("a-3", "STOPPING");
        gce.Server.SetStatus("a-4", "TERMINATED");
        gce.Server.MaxPageSize = 1;
        var pagesBefore = gce.Server.ListPagesServed;

        var machines = await gce.Provider.ListAsync(Farm, Token);

        Assert.Equal(
            [("a-1", ProviderMachineState.Running), ("a-2", ProviderMachineState.Pending), ("a-3", ProviderMachineState.Stopping)],
            machines.OrderBy(m => m.MachineId).Select(m => (m.NodeId, m.State)));
        Assert.All(machines, m => Assert.Equal(price.Key, m.Instance));
        Assert.Equal(4, gce.Server.ListPagesServed - pagesBefore);
        Assert.Equal(["b-1"], (await gce.Provider.ListAsync("other", Token)).Select(m => m.MachineId));
        Assert.Empty(await gce.Provider.ListAsync("nobody", Token));
    }

    [Theory]
    [InlineData("PROVISIONING", ProviderMachineState.Pending)]
    [InlineData("STAGING", ProviderMachineState.Pending)]
    [InlineData("RUNNING", ProviderMachineState.Running)]
    [InlineData("STOPPING", ProviderMachineState.Stopping)]
    [InlineData("SUSPENDING", ProviderMachineState.Stopping)]
    [InlineData("TERMINATED", ProviderMachineState.Gone)]
    [InlineData("SUSPENDED", ProviderMachineState.Gone)]
    public void An_instance_status_maps_to_a_state(string status, ProviderMachineState state)
    {
        Assert.Equal(state, GceInstanceStates.Of(status));
    }

    [Fact]
    public async Task A_terminated_machine_stops_on_its_host_and_an_unknown_one_is_no_error()
    {
        await using var gce = await StartAsync();
        var machine = await gce.Provider.LaunchAsync(Launch(Farm, "node-1", Price("n2-standard-4", PricingModel.Spot)), Token);

        await gce.Provider.TerminateAsync(machine.MachineId, Token);
        await gce.Provider.TerminateAsync("no-such-machine", Token);

        Assert.Equal(["node-1"], gce.Host.Stopped);
        Assert.Null(gce.Server.Find("node-1"));
        Assert.Empty(await gce.Provider.ListAsync(Farm, Token));
    }

    [Theory]
    [InlineData(FakeComputeFailureKind.Operation, "ZONE_RESOURCE_POOL_EXHAUSTED", 503, ProviderErrorReason.Capacity)]
    [InlineData(FakeComputeFailureKind.Operation, "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS", 503, ProviderErrorReason.Capacity)]
    [InlineData(FakeComputeFailureKind.Http, "resourceExhausted", 503, ProviderErrorReason.Capacity)]
    [InlineData(FakeComputeFailureKind.Operation, "QUOTA_EXCEEDED", 403, ProviderErrorReason.Quota)]
    [InlineData(FakeComputeFailureKind.Http, "quotaExceeded", 403, ProviderErrorReason.Quota)]
    [InlineData(FakeComputeFailureKind.Http, "rateLimitExceeded", 403, ProviderErrorReason.Throttled)]
    [InlineData(FakeComputeFailureKind.Http, "userRateLimitExceeded", 403, ProviderErrorReason.Throttled)]
    [InlineData(FakeComputeFailureKind.Http, "resourceExhausted", 429, ProviderErrorReason.Throttled)]
    [InlineData(FakeComputeFailureKind.Http, "forbidden", 403, ProviderErrorReason.Auth)]
    [InlineData(FakeComputeFailureKind.Http, "insufficientPermissions", 403, ProviderErrorReason.Auth)]
    [InlineData(FakeComputeFailureKind.Http, "invalid", 400, ProviderErrorReason.BadRequest)]
    [InlineData(FakeComputeFailureKind.Http, "badRequest", 400, ProviderErrorReason.BadRequest)]
    [InlineData(FakeComputeFailureKind.Http, "notFound", 404, ProviderErrorReason.BadRequest)]
    [InlineData(FakeComputeFailureKind.Http, "backendError", 503, ProviderErrorReason.Unavailable)]
    [InlineData(FakeComputeFailureKind.Http, "internalError", 500, ProviderErrorReason.Unavailable)]
    public async Task An_injected_failure_maps_to_its_reason_and_keeps_its_code(FakeComputeFailureKind kind, string code, int status, ProviderErrorReason reason)
    {
        await using var gce = await StartAsync();
        gce.Server.FailNextInserts("a2-highgpu-1g", 1, kind, code, status);
        var launch = Launch(Farm, "node-1", Price("a2-highgpu-1g", PricingModel.Spot, gpus: 1));

        var e = await Assert.ThrowsAsync<ProviderException>(() => gce.Provider.LaunchAsync(launch, Token));

        Assert.Equal(reason, e.Reason);
        Assert.Equal(code, e.Code);
        Assert.Equal("gcp", e.Provider);
        Assert.Empty(gce.Host.Running);
        // Only the next one fails, and only for that machine type.
        Assert.Equal(ProviderMachineState.Running, (await gce.Provider.LaunchAsync(launch, Token)).State);
    }

    [Fact]
    public async Task A_failure_for_one_machine_type_leaves_another_alone()
    {
        await using var gce = await StartAsync();
        gce.Server.FailNextInserts("a2-highgpu-1g", 2, FakeComputeFailureKind.Operation, "ZONE_RESOURCE_POOL_EXHAUSTED", 503);

        var machine = await gce.Provider.LaunchAsync(Launch(Farm, "node-1", Price("g2-standard-4", PricingModel.Spot)), Token);

        Assert.Equal(ProviderMachineState.Running, machine.State);
    }

    [Fact]
    public async Task A_request_refused_for_its_token_is_auth()
    {
        await using var gce = await StartAsync();
        Assert.Empty(await gce.Provider.ListAsync(Farm, Token));
        gce.Server.RevokeTokens();

        var e = await Assert.ThrowsAsync<ProviderException>(() => gce.Provider.ListAsync(Farm, Token));

        Assert.Equal(ProviderErrorReason.Auth, e.Reason);
        Assert.Equal("authError", e.Code);
    }

    [Fact]
    public async Task A_key_the_token_endpoint_does_not_trust_is_auth()
    {
        await using var gce = await StartAsync();
        // The same account's name with another key: its assertion's signature is what gives it away.
        using var stranger = new FakeServiceAccountKey(Path.Combine(gce.Folder, "stranger.json"), gce.Server.TokenUri);
        Assert.Equal(gce.Key.ClientEmail, stranger.ClientEmail);
        var provider = gce.ProviderWith(o => o.ServiceAccountKeyFile = stranger.File);

        var e = await Assert.ThrowsAsync<ProviderException>(() => provider.ListAsync(Farm, Token));

        Assert.Equal(ProviderErrorReason.Auth, e.Reason);
        Assert.Equal("invalid_grant", e.Code);
        Assert.Contains("Providers:Gcp:ServiceAccountKeyFile", e.Message);
        Assert.Equal(0, gce.Server.TokensIssued);
    }

    [Fact]
    public async Task A_missing_key_file_is_auth()
    {
        await using var gce = await StartAsync();
        var provider = gce.ProviderWith(o => o.ServiceAccountKeyFile = Path.Combine(gce.Folder, "absent.json"));

        var e = await Assert.ThrowsAsync<ProviderException>(() => provider.ListAsync(Farm, Token));

        Assert.Equal(ProviderErrorReason.Auth, e.Reason);
        Assert.Contains("absent.json", e.Message);
    }

    [Fact]
    public async Task A_compute_engine_that_cannot_be_reached_is_unavailable()
    {
        await using var gce = await StartAsync();
        Assert.Empty(await gce.Provider.ListAsync(Farm, Token));
        await gce.Server.DisposeAsync();

        var e = await Assert.ThrowsAsync<ProviderException>(() => gce.Provider.ListAsync(Farm, Token));

        Assert.Equal(ProviderErrorReason.Unavailable, e.Reason);
    }

    [Fact]
    public async Task A_launch_outside_the_zone_s_region_is_a_bad_request_and_sends_nothing()
    {
        await using var gce = await StartAsync();

        var e = await Assert.ThrowsAsync<ProviderException>(() => gce.Provider.LaunchAsync(Launch(Farm, "node-1", Price("n2-standard-4", PricingModel.Spot, region: "europe-west4")), Token));

        Assert.Equal(ProviderErrorReason.BadRequest, e.Reason);
        Assert.Contains("us-central1-a", e.Message);
        Assert.Empty(gce.Server.Inserts);
    }

    [Fact]
    public async Task Compute_engine_publishes_no_spot_prices()
    {
        await using var gce = await StartAsync();

        Assert.Empty(await gce.Provider.SpotPricesAsync("us-central1", ["n2-standard-4"], Token));
        Assert.Equal("gcp", gce.Provider.Name);
    }
}
