using System.Text.Json.Nodes;
using RenderFarm.Costs;
using RenderFarm.Scaling;
using RenderFarm.Scaling.Azure;
using static RenderFarm.Tests.Scaling.Azure.AzureProviderHarness;

namespace RenderFarm.Tests.Scaling.Azure;

public sealed class AzureMachineProviderTests
{
    private const string Farm = "Studio.A";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_spot_and_a_regular_launch_arrive_as_asked_and_boot_with_their_settings()
    {
        await using var azure = await StartAsync();
        var spot = Launch(Farm, "Studio.A-azure-1A2B", Price("Standard_D4s_v5", PricingModel.Spot));
        var regular = Launch(Farm, "studio.a-azure-3c4d", Price("Standard_NC4as_T4_v3", PricingModel.OnDemand));

        var spotMachine = await azure.Provider.LaunchAsync(spot, Token);
        var regularMachine = await azure.Provider.LaunchAsync(regular, Token);

        Assert.Equal(new ProviderMachine("studio-a-azure-1a2b", spot.NodeId, spot.Instance.Key, ProviderMachineState.Running, spotMachine.LaunchedAt), spotMachine);
        Assert.NotNull(spotMachine.LaunchedAt);
        Assert.Equal(ProviderMachineState.Running, regularMachine.State);
        Assert.Empty(azure.Server.Unserved);

        var (spotBody, regularBody) = (azure.Server.Creates[0]["properties"]!, azure.Server.Creates[1]["properties"]!);
        Assert.Equal("Standard_D4s_v5", spotBody["hardwareProfile"]!["vmSize"]!.GetValue<string>());
        Assert.Equal("Standard_NC4as_T4_v3", regularBody["hardwareProfile"]!["vmSize"]!.GetValue<string>());
        Assert.Equal("Spot", spotBody["priority"]!.GetValue<string>());
        Assert.Equal("Delete", spotBody["evictionPolicy"]!.GetValue<string>());
        Assert.Equal(-1, spotBody["billingProfile"]!["maxPrice"]!.GetValue<double>());
        Assert.Equal("Regular", regularBody["priority"]!.GetValue<string>());
        Assert.Null(regularBody["evictionPolicy"]);
        Assert.Null(regularBody["billingProfile"]);
        Assert.Equal(
            new JsonObject { ["publisher"] = "Debian", ["offer"] = "debian-12", ["sku"] = "12", ["version"] = "latest" }.ToJsonString(),
            spotBody["storageProfile"]!["imageReference"]!.ToJsonString());
        Assert.Equal("Delete", spotBody["storageProfile"]!["osDisk"]!["deleteOption"]!.GetValue<string>());
        Assert.Equal("FromImage", spotBody["storageProfile"]!["osDisk"]!["createOption"]!.GetValue<string>());

        var os = spotBody["osProfile"]!;
        Assert.Equal("studio-a-azure-1a2b", os["computerName"]!.GetValue<string>());
        Assert.Equal("renderfarm", os["adminUsername"]!.GetValue<string>());
        Assert.True(os["linuxConfiguration"]!["disablePasswordAuthentication"]!.GetValue<bool>());
        Assert.Equal(SshKey, os["linuxConfiguration"]!["ssh"]!["publicKeys"]![0]!["keyData"]!.GetValue<string>());
        Assert.Equal("/home/renderfarm/.ssh/authorized_keys", os["linuxConfiguration"]!["ssh"]!["publicKeys"]![0]!["path"]!.GetValue<string>());

        var nic = spotBody["networkProfile"]!["networkInterfaceConfigurations"]![0]!;
        Assert.Equal("studio-a-azure-1a2b-nic", nic["name"]!.GetValue<string>());
        Assert.Equal("Delete", nic["properties"]!["deleteOption"]!.GetValue<string>());
        Assert.Equal(Options(azure.Server).SubnetId, nic["properties"]!["ipConfigurations"]![0]!["properties"]!["subnet"]!["id"]!.GetValue<string>());

        var vm = azure.Server.Find("studio-a-azure-1a2b")!;
        Assert.Equal(spot.Tags.OrderBy(t => t.Key), vm.Tags.OrderBy(t => t.Key));
        Assert.Equal(CloudInit.Render(spot.Boot), vm.CustomData);

        var booted = azure.Host.Running;
        Assert.Equal(spot.Boot.Environment.OrderBy(e => e.Key), booted["studio-a-azure-1a2b"].Environment.OrderBy(e => e.Key));
        Assert.Equal(spot.Boot.PackageUrl, booted["studio-a-azure-1a2b"].PackageUrl);
        Assert.Equal(regular.NodeId, booted["studio-a-azure-3c4d"].Environment["RenderNode__NodeId"]);
    }

    [Fact]
    public async Task A_spot_machine_s_max_price_is_the_configured_one()
    {
        await using var azure = await StartAsync();
        var provider = azure.ProviderWith(o => o.SpotMaxPrice = 0.125m);

        await provider.LaunchAsync(Launch(Farm, "node-1", Price("Standard_D4s_v5", PricingModel.Spot)), Token);

        Assert.Equal(0.125, azure.Server.Creates[0]["properties"]!["billingProfile"]!["maxPrice"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_launch_waits_for_its_operation_to_be_done()
    {
        await using var azure = await StartAsync();
        azure.Server.PollsUntilDone = 3;

        var machine = await azure.Provider.LaunchAsync(Launch(Farm, "node-1", Price("Standard_D4s_v5", PricingModel.OnDemand)), Token);

        Assert.Equal(ProviderMachineState.Running, machine.State);
        Assert.Equal("Succeeded", azure.Server.Find("node-1")!.ProvisioningState);
    }

    [Fact]
    public async Task An_operation_not_done_in_time_is_unavailable_and_its_machine_is_deleted()
    {
        await using var azure = await StartAsync();
        azure.Server.PollsUntilDone = int.MaxValue;
        var provider = azure.ProviderWith(o => o.OperationTimeout = TimeSpan.FromMilliseconds(1500));

        var e = await Assert.ThrowsAsync<ProviderException>(() => provider.LaunchAsync(Launch(Farm, "node-1", Price("Standard_D4s_v5", PricingModel.Spot)), Token));

        Assert.Equal(ProviderErrorReason.Unavailable, e.Reason);
        Assert.Equal("timeout", e.Code);
        Assert.Contains("Providers:Azure:OperationTimeout", e.Message);
        Assert.Equal("Deleting", azure.Server.Find("node-1")!.ProvisioningState);
        Assert.Equal(["node-1"], azure.Host.Stopped);
    }

    [Fact]
    public async Task The_farm_s_machines_are_found_by_tag_on_every_page_with_their_states()
    {
        await using var azure = await StartAsync();
        var price = Price("Standard_D4s_v5", PricingModel.Spot);
        foreach (var node in new[] { "a-1", "a-2", "a-3", "a-4", "a-5" })
            await azure.Provider.LaunchAsync(Launch(Farm, node, price), Token);
        await azure.Provider.LaunchAsync(Launch("other", "b-1", price), Token);
        azure.Server.SetState("a-2", "Creating", "starting");
        azure.Server.SetState("a-3", "Deleting", "running");
        azure.Server.SetState("a-4", "Succeeded", "deallocated");
        azure.Server.SetState("a-5", "Succeeded", "deallocating");
        azure.Server.MaxPageSize = 2;
        var pagesBefore = azure.Server.ListPagesServed;

        var machines = await azure.Provider.ListAsync(Farm, Token);

        Assert.Equal(
            [("a-1", ProviderMachineState.Running), ("a-2", ProviderMachineState.Pending), ("a-3", ProviderMachineState.Stopping), ("a-5", ProviderMachineState.Stopping)],
            machines.OrderBy(m => m.MachineId).Select(m => (m.NodeId, m.State)));
        Assert.All(machines, m => Assert.Equal(price.Key, m.Instance));
        Assert.All(machines, m => Assert.NotNull(m.LaunchedAt));
        Assert.Equal(3, azure.Server.ListPagesServed - pagesBefore);
        Assert.Equal(["b-1"], (await azure.Provider.ListAsync("other", Token)).Select(m => m.MachineId));
        Assert.Empty(await azure.Provider.ListAsync("nobody", Token));
    }

    [Fact]
    public async Task An_evicted_spot_machine_is_no_longer_the_farm_s()
    {
        await using var azure = await StartAsync();
        var price = Price("Standard_D4s_v5", PricingModel.Spot);
        await azure.Provider.LaunchAsync(Launch(Farm, "node-1", price), Token);
        await azure.Provider.LaunchAsync(Launch(Farm, "node-2", price), Token);

        azure.Server.Preempt("node-1");
        await azure.Server.EvictAsync("node-1");

        Assert.Equal(["node-2"], (await azure.Provider.ListAsync(Farm, Token)).Select(m => m.MachineId));
        Assert.Equal(["node-1"], azure.Host.Stopped);
        // Terminating it afterwards, as the autoscaler may, is no error.
        await azure.Provider.TerminateAsync("node-1", Token);
    }

    [Theory]
    [InlineData("Creating", "starting", ProviderMachineState.Pending)]
    [InlineData("Creating", "running", ProviderMachineState.Pending)]
    [InlineData("Creating", null, ProviderMachineState.Pending)]
    [InlineData("Succeeded", "running", ProviderMachineState.Running)]
    [InlineData("Updating", "running", ProviderMachineState.Running)]
    [InlineData("Deleting", "running", ProviderMachineState.Stopping)]
    [InlineData("Succeeded", "stopping", ProviderMachineState.Stopping)]
    [InlineData("Succeeded", "deallocating", ProviderMachineState.Stopping)]
    [InlineData("Succeeded", "stopped", ProviderMachineState.Gone)]
    [InlineData("Succeeded", "deallocated", ProviderMachineState.Gone)]
    public void A_provisioning_and_power_state_map_to_a_state(string provisioning, string? power, ProviderMachineState state)
    {
        Assert.Equal(state, AzureMachineStates.Of(provisioning, power));
    }

    [Fact]
    public async Task A_terminated_machine_stops_on_its_host_and_an_unknown_one_is_no_error()
    {
        await using var azure = await StartAsync();
        var machine = await azure.Provider.LaunchAsync(Launch(Farm, "node-1", Price("Standard_D4s_v5", PricingModel.Spot)), Token);

        await azure.Provider.TerminateAsync(machine.MachineId, Token);
        await azure.Provider.TerminateAsync("no-such-machine", Token);

        Assert.Equal(["node-1"], azure.Host.Stopped);
        Assert.Null(azure.Server.Find("node-1"));
        Assert.Empty(await azure.Provider.ListAsync(Farm, Token));
    }

    [Theory]
    [InlineData(FakeArmFailureKind.Operation, "ZonalAllocationFailed", 200, ProviderErrorReason.Capacity)]
    [InlineData(FakeArmFailureKind.Operation, "AllocationFailed", 200, ProviderErrorReason.Capacity)]
    [InlineData(FakeArmFailureKind.Operation, "OverconstrainedAllocationRequest", 200, ProviderErrorReason.Capacity)]
    [InlineData(FakeArmFailureKind.Synchronous, "SkuNotAvailable", 409, ProviderErrorReason.Capacity)]
    [InlineData(FakeArmFailureKind.Synchronous, "QuotaExceeded", 409, ProviderErrorReason.Quota)]
    [InlineData(FakeArmFailureKind.Synchronous, "LowPriorityQuotaExceeded", 409, ProviderErrorReason.Quota)]
    [InlineData(FakeArmFailureKind.Synchronous, "TooManyRequests", 429, ProviderErrorReason.Throttled)]
    [InlineData(FakeArmFailureKind.Synchronous, "AuthorizationFailed", 403, ProviderErrorReason.Auth)]
    [InlineData(FakeArmFailureKind.Synchronous, "InvalidParameter", 400, ProviderErrorReason.BadRequest)]
    [InlineData(FakeArmFailureKind.Synchronous, "ImageNotFound", 404, ProviderErrorReason.BadRequest)]
    [InlineData(FakeArmFailureKind.Synchronous, "InvalidTemplate", 400, ProviderErrorReason.BadRequest)]
    [InlineData(FakeArmFailureKind.Synchronous, "ServiceUnavailable", 503, ProviderErrorReason.Unavailable)]
    [InlineData(FakeArmFailureKind.Synchronous, "InternalServerError", 500, ProviderErrorReason.Unavailable)]
    [InlineData(FakeArmFailureKind.Operation, "InternalOperationError", 200, ProviderErrorReason.Unavailable)]
    public async Task An_injected_failure_maps_to_its_reason_and_keeps_its_code(FakeArmFailureKind kind, string code, int status, ProviderErrorReason reason)
    {
        await using var azure = await StartAsync();
        azure.Server.FailNextCreates("Standard_NC4as_T4_v3", 1, kind, code, status);
        var launch = Launch(Farm, "node-1", Price("Standard_NC4as_T4_v3", PricingModel.Spot));

        var e = await Assert.ThrowsAsync<ProviderException>(() => azure.Provider.LaunchAsync(launch, Token));

        Assert.Equal(reason, e.Reason);
        Assert.Equal(code, e.Code);
        Assert.Equal("azure", e.Provider);
        Assert.Empty(azure.Host.Running);
        // A machine whose creation failed is deleted rather than left to bill.
        Assert.Null(azure.Server.Find("node-1"));
        // Only the next one fails, and only for that size.
        Assert.Equal(ProviderMachineState.Running, (await azure.Provider.LaunchAsync(launch, Token)).State);
    }

    [Fact]
    public async Task A_failure_for_one_size_leaves_another_alone()
    {
        await using var azure = await StartAsync();
        azure.Server.FailNextCreates("Standard_NC4as_T4_v3", 2, FakeArmFailureKind.Operation, "ZonalAllocationFailed", 200);

        var machine = await azure.Provider.LaunchAsync(Launch(Farm, "node-1", Price("Standard_D4s_v5", PricingModel.Spot)), Token);

        Assert.Equal(ProviderMachineState.Running, machine.State);
    }

    [Fact]
    public async Task A_bad_secret_is_auth()
    {
        await using var azure = await StartAsync();
        var provider = azure.ProviderWith(o => o.ClientSecret = "not-the-secret");

        var e = await Assert.ThrowsAsync<ProviderException>(() => provider.ListAsync(Farm, Token));

        Assert.Equal(ProviderErrorReason.Auth, e.Reason);
        Assert.Equal("invalid_client", e.Code);
        Assert.Contains("Providers:Azure:TenantId", e.Message);
        Assert.Equal(0, azure.Server.TokensIssued);
    }

    [Fact]
    public async Task A_request_refused_for_its_token_is_auth()
    {
        await using var azure = await StartAsync();
        Assert.Empty(await azure.Provider.ListAsync(Farm, Token));
        azure.Server.RevokeTokens();

        var e = await Assert.ThrowsAsync<ProviderException>(() => azure.Provider.ListAsync(Farm, Token));

        Assert.Equal(ProviderErrorReason.Auth, e.Reason);
        Assert.Equal("InvalidAuthenticationToken", e.Code);
    }

    [Fact]
    public async Task An_azure_that_cannot_be_reached_is_unavailable()
    {
        await using var azure = await StartAsync();
        Assert.Empty(await azure.Provider.ListAsync(Farm, Token));
        await azure.Server.DisposeAsync();

        var e = await Assert.ThrowsAsync<ProviderException>(() => azure.Provider.ListAsync(Farm, Token));

        Assert.Equal(ProviderErrorReason.Unavailable, e.Reason);
    }

    [Fact]
    public async Task A_launch_outside_the_location_is_a_bad_request_and_sends_nothing()
    {
        await using var azure = await StartAsync();

        var e = await Assert.ThrowsAsync<ProviderException>(() => azure.Provider.LaunchAsync(Launch(Farm, "node-1", Price("Standard_D4s_v5", PricingModel.Spot, region: "westeurope")), Token));

        Assert.Equal(ProviderErrorReason.BadRequest, e.Reason);
        Assert.Contains("Providers:Azure:Location", e.Message);
        Assert.Empty(azure.Server.Creates);
    }

    [Fact]
    public async Task Spot_prices_are_the_newest_linux_spot_meters_of_the_sizes_on_every_page()
    {
        await using var azure = await StartAsync();
        var old = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var recent = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var price in new[]
                 {
                     new FakeRetailPrice("eastus", "Standard_D4s_v5", "D4s v5 Spot", "Virtual Machines Dsv5 Series", 0.0452m, old),
                     new FakeRetailPrice("eastus", "Standard_D4s_v5", "D4s v5 Spot", "Virtual Machines Dsv5 Series", 0.0398m, recent),
                     new FakeRetailPrice("eastus", "Standard_D4s_v5", "D4s v5 Spot", "Virtual Machines Dsv5 Series Windows", 0.0846m, recent),
                     new FakeRetailPrice("eastus", "Standard_D4s_v5", "D4s v5", "Virtual Machines Dsv5 Series", 0.192m, recent),
                     new FakeRetailPrice("eastus", "Standard_D4s_v5", "D4s v5 Low Priority", "Virtual Machines Dsv5 Series", 0.0384m, recent),
                     new FakeRetailPrice("eastus", "Standard_NC4as_T4_v3", "NC4as T4 v3 Spot", "Virtual Machines NCasT4_v3 Series", 0.1578m, recent),
                     new FakeRetailPrice("westeurope", "Standard_D4s_v5", "D4s v5 Spot", "Virtual Machines Dsv5 Series", 0.0411m, recent),
                     new FakeRetailPrice("eastus", "Standard_E4s_v5", "E4s v5 Spot", "Virtual Machines Esv5 Series", 0.05m, recent),
                 })
            azure.Server.AddRetailPrice(price);
        azure.Server.MaxPageSize = 1;

        var quotes = await azure.Provider.SpotPricesAsync("eastus", ["Standard_D4s_v5", "Standard_NC4as_T4_v3"], Token);

        Assert.Equal(
            [new SpotPriceQuote("eastus", "Standard_D4s_v5", null, 0.0398m, recent), new SpotPriceQuote("eastus", "Standard_NC4as_T4_v3", null, 0.1578m, recent)],
            quotes.OrderBy(q => q.InstanceType));
        Assert.Equal(4, azure.Server.PricesRequests);
        Assert.Empty(await azure.Provider.SpotPricesAsync("eastus", [], Token));
    }

    [Theory]
    [InlineData(503, ProviderErrorReason.Unavailable)]
    [InlineData(429, ProviderErrorReason.Throttled)]
    [InlineData(400, ProviderErrorReason.BadRequest)]
    public async Task A_retail_prices_refusal_maps_to_its_reason(int status, ProviderErrorReason reason)
    {
        await using var azure = await StartAsync();
        azure.Server.RetailPricesFailure = status;

        var e = await Assert.ThrowsAsync<ProviderException>(() => azure.Provider.SpotPricesAsync("eastus", ["Standard_D4s_v5"], Token));

        Assert.Equal(reason, e.Reason);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Code);
    }

    [Fact]
    public async Task The_provider_is_named_azure()
    {
        await using var azure = await StartAsync();

        Assert.Equal("azure", azure.Provider.Name);
    }
}
