using System.Net;
using System.Text.Json;
using RenderFarm.Costs;
using static RenderFarm.Tests.Scaling.Aws.Ec2TestFarm;

namespace RenderFarm.Tests.Scaling.Aws;

public sealed class FakeEc2MetadataTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_spot_notice_is_absent_until_set_then_says_terminate_two_minutes_on_to_a_token_holder()
    {
        await using var farm = await StartAsync();
        var machine = await farm.Provider.LaunchAsync(Launch("farm-a", "a-1", Price("g4dn.xlarge", PricingModel.Spot)), Cancel);
        var endpoint = farm.Server.MetadataEndpoint(machine.MachineId);
        using var http = new HttpClient { Timeout = RequestTimeout };
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, endpoint + "latest/api/token");
        tokenRequest.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "21600");
        using var tokenAnswer = await http.SendAsync(tokenRequest, Cancel);
        var token = await tokenAnswer.EnsureSuccessStatusCode().Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(http, endpoint, token));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, endpoint, "not-a-token"));
        farm.Server.SetSpotNotice(machine.MachineId);

        using var notice = new HttpRequestMessage(HttpMethod.Get, endpoint + "latest/meta-data/spot/instance-action");
        notice.Headers.Add("X-aws-ec2-metadata-token", token);
        using var answer = await http.SendAsync(notice, Cancel);
        using var json = JsonDocument.Parse(await answer.EnsureSuccessStatusCode().Content.ReadAsStringAsync(Cancel));
        Assert.Equal("terminate", json.RootElement.GetProperty("action").GetString());
        Assert.Equal("2026-12-03T08:02:00Z", json.RootElement.GetProperty("time").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(http, farm.Server.MetadataEndpoint("i-0ther0000000000000"), token));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string endpoint, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint + "latest/meta-data/spot/instance-action");
        request.Headers.Add("X-aws-ec2-metadata-token", token);
        using var answer = await http.SendAsync(request, Cancel);
        return answer.StatusCode;
    }
}
