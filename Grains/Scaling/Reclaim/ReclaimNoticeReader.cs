using System.Net;
using System.Text.Json;

namespace RenderFarm.Scaling.Reclaim;

/// <summary>
/// Reads a provider's reclaim notice from the machine's metadata service: EC2's spot/instance-action
/// (IMDSv2), Compute Engine's instance/preempted, Azure's Scheduled Events. Null while there is none.
/// </summary>
public sealed class ReclaimNoticeReader(HttpClient http, ReclaimOptions options, TimeProvider clock)
{
    private static readonly TimeSpan GceNotice = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AzureNotice = TimeSpan.FromSeconds(30);

    private Uri Base => new(options.ResolvedMetadataUrl.EndsWith('/') ? options.ResolvedMetadataUrl : options.ResolvedMetadataUrl + "/");

    public Task<ReclaimNotice?> ReadAsync(CancellationToken cancellationToken) => options.Provider switch
    {
        "aws" => Ec2Async(cancellationToken),
        "gcp" => GceAsync(cancellationToken),
        "azure" => AzureAsync(cancellationToken),
        _ => Task.FromResult<ReclaimNotice?>(null),
    };

    private async Task<ReclaimNotice?> Ec2Async(CancellationToken cancellationToken)
    {
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, new Uri(Base, "latest/api/token"));
        tokenRequest.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "300");
        using var tokenResponse = await http.SendAsync(tokenRequest, cancellationToken);
        tokenResponse.EnsureSuccessStatusCode();
        var token = await tokenResponse.Content.ReadAsStringAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base, "latest/meta-data/spot/instance-action"));
        request.Headers.Add("X-aws-ec2-metadata-token", token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        using var notice = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var action = notice.RootElement.GetProperty("action").GetString() ?? "terminate";
        var time = notice.RootElement.GetProperty("time").GetDateTimeOffset();
        return new ReclaimNotice("aws", time, $"spot instance-action {action} at {time:O}");
    }

    private async Task<ReclaimNotice?> GceAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base, "computeMetadata/v1/instance/preempted"));
        request.Headers.Add("Metadata-Flavor", "Google");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var preempted = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        return string.Equals(preempted, "TRUE", StringComparison.OrdinalIgnoreCase)
            ? new ReclaimNotice("gcp", clock.GetUtcNow() + GceNotice, "instance/preempted is TRUE")
            : null;
    }

    private async Task<ReclaimNotice?> AzureAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base, "metadata/scheduledevents?api-version=2020-07-01"));
        request.Headers.Add("Metadata", "true");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var events = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var machine = options.MachineName ?? Environment.MachineName;
        foreach (var scheduled in events.RootElement.GetProperty("Events").EnumerateArray())
        {
            if (scheduled.GetProperty("EventType").GetString() != "Preempt")
                continue;
            if (scheduled.TryGetProperty("Resources", out var resources) && resources.GetArrayLength() > 0
                && !resources.EnumerateArray().Any(r => string.Equals(r.GetString(), machine, StringComparison.OrdinalIgnoreCase)))
                continue;
            var by = scheduled.TryGetProperty("NotBefore", out var notBefore) && DateTimeOffset.TryParse(notBefore.GetString(), out var at) ? at : clock.GetUtcNow() + AzureNotice;
            return new ReclaimNotice("azure", by, $"scheduled event Preempt not before {by:O}");
        }
        return null;
    }
}
