using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Messaging;
using Orleans.Runtime.Messaging;

namespace RenderFarm.Client.Security;

/// <summary>
/// Decides, when connecting to the farm fails, whether to try again: never when a gateway refuses this
/// client at the TLS handshake (<see cref="FarmNotAuthorisedException"/> at once, not minutes of
/// retries ending in a timeout); otherwise a linear backoff as Orleans' own, or no retry at all.
/// </summary>
internal sealed class FarmConnectionRetryFilter(GatewayTlsProbe probe, IGatewayListProvider gateways, IOptions<RenderFarmClientOptions> options) : IClientConnectionRetryFilter
{
    public const int MaxRetries = 15;
    public static readonly TimeSpan RetryStep = TimeSpan.FromMilliseconds(1500);

    private int retries;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        foreach (var gateway in await GatewaysAsync())
        {
            if (await probe.RefusalAsync(gateway, cancellationToken) is { } refusal)
                throw new FarmNotAuthorisedException(refusal, exception);
        }
        if (!options.Value.RetryConnection || retries >= MaxRetries || exception is not (OrleansMessageRejectionException or ConnectionFailedException))
            return false;
        retries++;
        await Task.Delay(RetryStep * retries, cancellationToken);
        return true;
    }

    private async Task<IEnumerable<IPEndPoint>> GatewaysAsync()
    {
        try
        {
            await gateways.InitializeGatewayListProvider();
            return (await gateways.GetGateways()).Select(uri => new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port)).Distinct().Take(3).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No list (the database is unreachable, say): the connection error stands on its own.
            return [];
        }
    }
}
