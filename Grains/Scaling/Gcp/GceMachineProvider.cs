using System.Text.Json;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Gcp;

/// <summary>
/// Machines from Google Compute Engine through its JSON API, in the zone of <see cref="GceProviderOptions"/>.
/// A machine's id is its instance name, made from the node id; the farm finds its machines by the
/// <see cref="MachineTags.Farm"/> label, and reads the node and catalogue key back from the instance's metadata.
/// </summary>
public sealed class GceMachineProvider : IMachineProvider
{
    private readonly GceProviderOptions options;
    private readonly GceComputeApi api;

    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public GceMachineProvider(GceProviderOptions options, HttpClient http, TimeProvider time)
    {
        GceProviderOptionsValidator.ThrowIfInvalid(options);
        this.options = options;
        api = new GceComputeApi(http, options, new GceAccessTokens(options.ServiceAccountKeyFile), time);
    }

    public GceMachineProvider(IOptions<GceProviderOptions> options, HttpClient http, TimeProvider time)
        : this(options.Value, http, time)
    {
    }

    public string Name => GceErrors.Provider;

    public async Task<ProviderMachine> LaunchAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        var name = GceNames.Instance(launch.NodeId);
        var what = $"launching {name} ({launch.Instance.Key})";
        var region = GceProviderOptionsValidator.RegionOf(options.Zone);
        if (launch.Instance.Provider != Name || launch.Instance.Region != region)
            throw new ProviderException(Name, ProviderErrorReason.BadRequest,
                $"{what}: {GceProviderOptions.SectionName}:{nameof(GceProviderOptions.Zone)} {options.Zone} is in gcp/{region}, not in {launch.Instance.Provider}/{launch.Instance.Region}", "zoneNotInRegion");
        string userData;
        try
        {
            userData = CloudInit.Render(launch.Boot);
        }
        catch (ArgumentException e)
        {
            throw new ProviderException(Name, ProviderErrorReason.BadRequest, $"{what}: {e.Message}", "bootSettings", e);
        }

        var body = GceInstanceRequest.For(launch, name, userData, options);
        var operation = await api.SendAsync(HttpMethod.Post, api.ZonePath("instances"), body, what, cancellationToken);
        await api.WaitAsync(operation!.Value, what, cancellationToken);
        var instance = await api.SendAsync(HttpMethod.Get, api.ZonePath($"instances/{name}"), null, what, cancellationToken, notFoundIsNull: true);
        // Gone already (a spot machine reclaimed at once) is still a launch the provider accepted.
        return instance is { } found
            ? GceInstanceReader.Read(found)
            : new ProviderMachine(name, launch.NodeId, launch.Instance.Key, ProviderMachineState.Gone, null);
    }

    public async Task TerminateAsync(string machineId, CancellationToken cancellationToken)
    {
        var what = $"terminating {machineId}";
        var operation = await api.SendAsync(HttpMethod.Delete, api.ZonePath($"instances/{Uri.EscapeDataString(machineId)}"), null, what, cancellationToken, notFoundIsNull: true);
        if (operation is { } accepted)
            await api.WaitAsync(accepted, what, cancellationToken);
    }

    public async Task<IReadOnlyList<ProviderMachine>> ListAsync(string farm, CancellationToken cancellationToken)
    {
        var filter = $"labels.{GceNames.LabelKey(MachineTags.Farm)} = {GceNames.LabelValue(farm)}";
        var machines = new List<ProviderMachine>();
        string? pageToken = null;
        do
        {
            var query = $"instances?filter={Uri.EscapeDataString(filter)}" + (pageToken is null ? "" : $"&pageToken={Uri.EscapeDataString(pageToken)}");
            var page = (await api.SendAsync(HttpMethod.Get, api.ZonePath(query), null, $"listing farm {farm}", cancellationToken))!.Value;
            if (page.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                machines.AddRange(items.EnumerateArray().Select(GceInstanceReader.Read).Where(m => m.State != ProviderMachineState.Gone));
            pageToken = page.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(pageToken));
        return machines;
    }

    /// <summary>
    /// None: Compute Engine's API publishes no Spot VM prices (they are in the Cloud Billing catalogue, a
    /// different API and account permission), so the price catalogue's own Spot prices stand.
    /// </summary>
    public Task<IReadOnlyList<SpotPriceQuote>> SpotPricesAsync(string region, IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SpotPriceQuote>>([]);
}
