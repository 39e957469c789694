using Azure;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Azure;

/// <summary>
/// Machines from Azure virtual machines in the resource group and location of <see cref="AzureProviderOptions"/>.
/// A machine's id is its virtual machine name, made from the node id; its network interface and OS disk are
/// created with it and deleted with it. The farm finds its machines by the <see cref="MachineTags.Farm"/> tag.
/// Spot machines are deleted when Azure evicts them.
/// </summary>
public sealed partial class AzureMachineProvider : IMachineProvider, IDisposable
{
    public const string ProviderName = AzureErrors.Provider;

    /// <summary>A spot price request not answered in this long counts as failed (Unavailable).</summary>
    public static readonly TimeSpan PricesTimeout = TimeSpan.FromSeconds(60);

    private readonly AzureProviderOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<AzureMachineProvider> logger;
    private readonly ArmClient arm;
    private readonly ResourceGroupResource group;
    private readonly HttpClient pricesHttp;
    private readonly AzureRetailPrices prices;

    /// <param name="handler">Carries every request (Resource Manager, Entra ID, Retail Prices) when given; the SDK's own otherwise.</param>
    /// <exception cref="OptionsValidationException">The "Providers:Azure" section is not valid.</exception>
    public AzureMachineProvider(IOptions<AzureProviderOptions> options, TimeProvider time, ILogger<AzureMachineProvider> logger, HttpMessageHandler? handler = null)
    {
        this.options = options.Value;
        AzureProviderOptionsValidator.ThrowIfInvalid(this.options);
        this.time = time;
        this.logger = logger;
        arm = AzureArmClients.Client(this.options, AzureArmClients.Credential(this.options, handler), handler);
        group = arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(this.options.SubscriptionId, this.options.ResourceGroup));
        pricesHttp = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        pricesHttp.Timeout = PricesTimeout;
        prices = new AzureRetailPrices(pricesHttp, this.options.RetailPricesUrl, time);
    }

    public string Name => ProviderName;

    public async Task<ProviderMachine> LaunchAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        var name = AzureNames.VirtualMachine(launch.NodeId);
        var what = $"launching {name} ({launch.Instance.Key})";
        if (launch.Instance.Provider != ProviderName)
            throw new ArgumentException($"{launch.Instance.Key} is not an Azure machine", nameof(launch));
        if (!string.Equals(launch.Instance.Region, options.Location, StringComparison.OrdinalIgnoreCase))
            throw new ProviderException(Name, ProviderErrorReason.BadRequest,
                $"{what}: machines launch in {options.Location} ({AzureProviderOptions.SectionName}:{nameof(AzureProviderOptions.Location)}, with the subnet of that location), not in {launch.Instance.Region}", "locationNotConfigured");
        string userData;
        try
        {
            userData = CloudInit.Render(launch.Boot);
        }
        catch (ArgumentException e)
        {
            throw new ProviderException(Name, ProviderErrorReason.BadRequest, $"{what}: {e.Message}", "bootSettings", e);
        }

        var data = AzureVirtualMachineRequest.For(launch, name, userData, options);
        using var deadline = Deadline(cancellationToken);
        ArmOperation<VirtualMachineResource>? operation = null;
        try
        {
            operation = await group.GetVirtualMachines().CreateOrUpdateAsync(WaitUntil.Started, name, data, deadline.Token);
            var created = await operation.WaitForCompletionAsync(options.OperationPollInterval, deadline.Token);
            LogLaunched(name, launch.NodeId, launch.Instance.Key);
            return await ReadCreatedAsync(created.Value, launch, cancellationToken);
        }
        catch (Exception e) when (Translate(e, what, cancellationToken, deadline) is { } translated)
        {
            LogRefused(what, translated.Reason, translated.Code);
            // Azure keeps a machine whose creation failed (provisioning state Failed), and its interface: it is deleted so that it bills nothing.
            if (operation is not null)
                await DeleteFailedAsync(name, cancellationToken);
            throw translated;
        }
    }

    public async Task TerminateAsync(string machineId, CancellationToken cancellationToken)
    {
        var what = $"terminating {machineId}";
        using var deadline = Deadline(cancellationToken);
        try
        {
            await DeleteAsync(machineId, deadline.Token);
            LogTerminated(machineId);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            LogAlreadyGone(machineId);
        }
        catch (Exception e) when (Translate(e, what, cancellationToken, deadline) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<IReadOnlyList<ProviderMachine>> ListAsync(string farm, CancellationToken cancellationToken)
    {
        var what = $"listing farm {farm}";
        using var deadline = Deadline(cancellationToken);
        try
        {
            // The resource group's listing filters by no tag: the farm's are picked here.
            var machines = new List<ProviderMachine>();
            await foreach (var vm in group.GetVirtualMachines().GetAllAsync(filter: null, expand: GetVirtualMachineExpandType.InstanceView, deadline.Token))
            {
                if (!AzureVirtualMachineReader.BelongsTo(vm.Data, farm))
                    continue;
                var machine = AzureVirtualMachineReader.Read(vm.Data);
                if (machine.State != ProviderMachineState.Gone)
                    machines.Add(machine);
            }
            return machines;
        }
        catch (Exception e) when (Translate(e, what, cancellationToken, deadline) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<IReadOnlyList<SpotPriceQuote>> SpotPricesAsync(string region, IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken)
    {
        var what = $"asking the spot prices of {instanceTypes.Count} sizes in {region}";
        try
        {
            return await prices.GetAsync(region, instanceTypes, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ProviderException(Name, ProviderErrorReason.Unavailable, $"{what}: the Retail Prices API answered something that is not its JSON ({e.Message})", "malformed", e);
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status)
        {
            var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ProviderException(Name, AzureErrors.Classify((int)status, null), $"{what}: the Retail Prices API answered {code}", code, e);
        }
        catch (Exception e) when (AzureErrors.Translate(e, what, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public void Dispose() => pricesHttp.Dispose();

    /// <summary>
    /// The created machine with its power state, which the answer of a create does not hold. It is created
    /// whatever this answers: a failure to read it is no failed launch, and leaves it Pending until listed.
    /// </summary>
    private async Task<ProviderMachine> ReadCreatedAsync(VirtualMachineResource created, MachineLaunch launch, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        try
        {
            return AzureVirtualMachineReader.Read((await created.GetAsync(InstanceViewType.InstanceView, deadline.Token)).Value.Data);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already (a spot machine evicted at once) is still a launch Azure accepted.
            return new ProviderMachine(created.Data.Name, launch.NodeId, launch.Instance.Key, ProviderMachineState.Gone, created.Data.TimeCreated);
        }
        catch (Exception e) when (Translate(e, $"reading {created.Data.Name}", cancellationToken, deadline) is { } translated)
        {
            LogNotRead(created.Data.Name, translated.Reason, translated.Code);
            return AzureVirtualMachineReader.Read(created.Data);
        }
    }

    private async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        // Resource Manager answers the deletion of a machine that is not there 204: done.
        var vm = arm.GetVirtualMachineResource(VirtualMachineResource.CreateResourceIdentifier(options.SubscriptionId, options.ResourceGroup, name));
        var operation = await vm.DeleteAsync(WaitUntil.Started, forceDeletion: null, cancellationToken);
        await operation.WaitForCompletionResponseAsync(options.OperationPollInterval, cancellationToken);
    }

    private async Task DeleteFailedAsync(string name, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        try
        {
            await DeleteAsync(name, deadline.Token);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        catch (Exception e) when (Translate(e, $"deleting {name}", cancellationToken, deadline) is { } translated)
        {
            LogNotCleanedUp(name, translated.Reason, translated.Code);
        }
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.OperationTimeout);
        return deadline;
    }

    private ProviderException? Translate(Exception e, string what, CancellationToken cancellationToken, CancellationTokenSource deadline)
    {
        if (e is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            return new ProviderException(Name, ProviderErrorReason.Unavailable,
                $"{what}: not done within {options.OperationTimeout} ({AzureProviderOptions.SectionName}:{nameof(AzureProviderOptions.OperationTimeout)})", "timeout", e);
        return AzureErrors.Translate(e, what, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure launched {VirtualMachine} as node {NodeId} ({Instance})")]
    private partial void LogLaunched(string virtualMachine, string nodeId, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure refused {Doing}: {Reason} ({Code})")]
    private partial void LogRefused(string doing, ProviderErrorReason reason, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure kept {VirtualMachine} after its creation failed and did not delete it: {Reason} ({Code})")]
    private partial void LogNotCleanedUp(string virtualMachine, ProviderErrorReason reason, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure created {VirtualMachine} but did not answer its state: {Reason} ({Code})")]
    private partial void LogNotRead(string virtualMachine, ProviderErrorReason reason, string? code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure deleted {VirtualMachine}")]
    private partial void LogTerminated(string virtualMachine);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Azure knows no virtual machine {VirtualMachine}: it is gone already")]
    private partial void LogAlreadyGone(string virtualMachine);
}
