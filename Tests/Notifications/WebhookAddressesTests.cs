using System.Net;
using RenderFarm.Notifications;

namespace RenderFarm.Tests.Notifications;

/// <summary>A user's webhook may not reach into the farm's own network unless the farm allows it.</summary>
public sealed class WebhookAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.5")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::5")]
    [InlineData("::ffff:10.0.0.1")]
    public void Inside_addresses_are_private(string address) => Assert.True(WebhookAddresses.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void Public_addresses_are_not(string address) => Assert.False(WebhookAddresses.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public async Task A_webhook_on_loopback_is_refused_before_connecting()
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = (connect, ct) => WebhookAddresses.ConnectAsync(connect, allowPrivate: false, ct),
        });

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("http://127.0.0.1:9/hook", null, TestContext.Current.CancellationToken));

        Assert.Contains("127.0.0.1 is on the farm's own network", refused.Message);
    }
}
