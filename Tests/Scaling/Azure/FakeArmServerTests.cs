using System.Net;
using System.Text.Json;
using RenderFarm.Costs;

namespace RenderFarm.Tests.Scaling.Azure;

public sealed class FakeArmServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_machine_s_scheduled_events_are_empty_until_it_is_preempted_then_name_it()
    {
        await using var azure = await AzureProviderHarness.StartAsync();
        var machine = await azure.Provider.LaunchAsync(AzureProviderHarness.Launch("farm", "node-1", AzureProviderHarness.Price("Standard_D4s_v5", PricingModel.Spot)), Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var address = azure.Server.MetadataRoot(machine.MachineId) + "metadata/scheduledevents?api-version=2020-07-01";

        using var before = await EventsAsync(http, address);
        var preemptedAt = DateTimeOffset.UtcNow;
        azure.Server.Preempt(machine.MachineId);
        using var after = await EventsAsync(http, address);

        Assert.Equal(0, before.RootElement.GetProperty("Events").GetArrayLength());
        var preempt = Assert.Single(after.RootElement.GetProperty("Events").EnumerateArray());
        Assert.Equal("Preempt", preempt.GetProperty("EventType").GetString());
        Assert.Equal(["node-1"], preempt.GetProperty("Resources").EnumerateArray().Select(r => r.GetString()));
        var notBefore = DateTimeOffset.Parse(preempt.GetProperty("NotBefore").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(notBefore >= preemptedAt.AddSeconds(29), $"NotBefore {notBefore:O} is less than 30 s after {preemptedAt:O}");
        Assert.True(after.RootElement.GetProperty("DocumentIncarnation").GetInt32() > before.RootElement.GetProperty("DocumentIncarnation").GetInt32());
    }

    [Fact]
    public async Task Scheduled_events_want_the_metadata_header()
    {
        await using var azure = await AzureProviderHarness.StartAsync();
        await azure.Provider.LaunchAsync(AzureProviderHarness.Launch("farm", "node-1", AzureProviderHarness.Price("Standard_D4s_v5", PricingModel.Spot)), Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var answer = await http.GetAsync(azure.Server.MetadataRoot("node-1") + "metadata/scheduledevents?api-version=2020-07-01", Token);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task Resource_manager_wants_the_fake_s_bearer_token_over_tls()
    {
        await using var azure = await AzureProviderHarness.StartAsync();
        using var handler = azure.Server.TrustingHandler();
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var list = $"{azure.Server.ArmEndpoint}/subscriptions/{azure.Server.SubscriptionId}/resourceGroups/{azure.Server.ResourceGroup}/providers/Microsoft.Compute/virtualMachines?api-version=2023-07-01";

        using var anonymous = await http.GetAsync(list, Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, list) { Headers = { { "Authorization", "Bearer " + azure.Server.AccessToken } } };
        using var authorized = await http.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("AuthenticationFailed", await anonymous.Content.ReadAsStringAsync(Token));
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.StartsWith("https://", list);
    }

    private static async Task<JsonDocument> EventsAsync(HttpClient http, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address) { Headers = { { "Metadata", "true" } } };
        using var answer = await http.SendAsync(request, Token);
        answer.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Token));
    }
}
