namespace RenderFarm.Tests.Scaling.Gcp;

public sealed class FakeComputeServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_preemption_notice_is_false_until_the_instance_is_preempted()
    {
        await using var gce = await GceProviderHarness.StartAsync();
        var machine = await gce.Provider.LaunchAsync(GceProviderHarness.Launch("farm", "node-1", GceProviderHarness.Price("n2-standard-4", RenderFarm.Costs.PricingModel.Spot)), Token);
        using var http = new HttpClient();
        var notice = new Uri(new Uri(gce.Server.MetadataRoot(machine.MachineId)), "computeMetadata/v1/instance/preempted");

        Assert.Equal("FALSE", await AskAsync(http, notice));
        gce.Server.Preempt(machine.MachineId);
        Assert.Equal("TRUE", await AskAsync(http, notice));

        using var withoutFlavor = await http.GetAsync(notice, Token);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, withoutFlavor.StatusCode);
    }

    [Fact]
    public async Task The_api_refuses_a_request_without_its_bearer_token()
    {
        await using var gce = await GceProviderHarness.StartAsync();
        using var http = new HttpClient();
        var instances = new Uri($"{gce.Server.ComputeBaseUrl}projects/{gce.Server.Project}/zones/{gce.Server.Zone}/instances");

        using var anonymous = await http.GetAsync(instances, Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, instances);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gce.Server.AccessToken);
        using var authorized = await http.SendAsync(request, Token);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("authError", await anonymous.Content.ReadAsStringAsync(Token));
        Assert.Equal(System.Net.HttpStatusCode.OK, authorized.StatusCode);
    }

    private static async Task<string> AskAsync(HttpClient http, Uri notice)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, notice);
        request.Headers.Add("Metadata-Flavor", "Google");
        using var response = await http.SendAsync(request, Token);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(Token);
    }
}
