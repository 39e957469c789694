using System.Collections.Concurrent;
using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Aws;

/// <summary>
/// Machines from Amazon EC2: one instance per node, launched in the configured subnet with the node's
/// settings as its user data, tagged with the farm, pool, node and catalogue entry, and found again by
/// those tags. Spot machines are one-time spot instances that terminate when EC2 reclaims them.
/// </summary>
public sealed partial class Ec2MachineProvider : IMachineProvider, IDisposable
{
    public const string ProviderName = "aws";

    /// <summary>The spot prices of Linux machines, the only ones the farm launches.</summary>
    public const string LinuxProduct = "Linux/UNIX";

    private const string InstanceNotFound = "InvalidInstanceID.NotFound";

    private readonly Ec2ProviderOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<Ec2MachineProvider> logger;
    private readonly ConcurrentDictionary<string, AmazonEC2Client> clients = new(StringComparer.Ordinal);

    /// <exception cref="OptionsValidationException">The "Providers:Aws" section is not valid.</exception>
    public Ec2MachineProvider(IOptions<Ec2ProviderOptions> options, TimeProvider time, ILogger<Ec2MachineProvider> logger)
    {
        this.options = options.Value;
        this.options.Validate();
        this.time = time;
        this.logger = logger;
    }

    public string Name => ProviderName;

    public async Task<ProviderMachine> LaunchAsync(MachineLaunch launch, CancellationToken cancellationToken)
    {
        if (launch.Instance.Provider != ProviderName)
            throw new ArgumentException($"{launch.Instance.Key} is not an EC2 machine", nameof(launch));
        if (launch.Instance.Region != options.Region)
            throw new ProviderException(ProviderName, ProviderErrorReason.BadRequest,
                $"launching {launch.NodeId}: {launch.Instance.Key} is in {launch.Instance.Region}, but machines launch in {options.Region} ({Ec2ProviderOptions.SectionName}:Region, with the subnet and image of that region)");
        var request = Ec2LaunchRequests.For(launch, options);
        var doing = $"launching {launch.NodeId} as {launch.Instance.Key}";
        try
        {
            var response = await Client(options.Region).RunInstancesAsync(request, cancellationToken);
            var instance = response.Reservation?.Instances?.FirstOrDefault()
                ?? throw new ProviderException(ProviderName, ProviderErrorReason.Unavailable, $"{doing}: EC2 answered with no instance");
            var machine = Ec2InstanceMapping.ToMachine(instance, options.Region, time) with { NodeId = launch.NodeId, Instance = launch.Instance.Key };
            LogLaunched(machine.MachineId, launch.NodeId, launch.Instance.Key);
            return machine;
        }
        catch (Exception e) when (Ec2Errors.Translate(e, doing, cancellationToken) is { } translated)
        {
            LogRefused(doing, translated.Reason, translated.Code);
            throw translated;
        }
    }

    public async Task TerminateAsync(string machineId, CancellationToken cancellationToken)
    {
        var doing = $"terminating {machineId}";
        try
        {
            await Client(options.Region).TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [machineId] }, cancellationToken);
            LogTerminated(machineId);
        }
        catch (AmazonEC2Exception e) when (e.ErrorCode == InstanceNotFound)
        {
            LogAlreadyGone(machineId);
        }
        catch (Exception e) when (Ec2Errors.Translate(e, doing, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<IReadOnlyList<ProviderMachine>> ListAsync(string farm, CancellationToken cancellationToken)
    {
        var request = new DescribeInstancesRequest
        {
            Filters =
            [
                new Filter($"tag:{MachineTags.Farm}", [farm]),
                new Filter("instance-state-name", [.. Ec2InstanceMapping.ListedStates]),
            ],
            MaxResults = 1000,
        };
        var machines = new List<ProviderMachine>();
        try
        {
            do
            {
                var page = await Client(options.Region).DescribeInstancesAsync(request, cancellationToken);
                foreach (var instance in (page.Reservations ?? []).SelectMany(r => r.Instances ?? []))
                    machines.Add(Ec2InstanceMapping.ToMachine(instance, options.Region, time));
                request.NextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(request.NextToken));
        }
        catch (Exception e) when (Ec2Errors.Translate(e, $"listing the machines of farm {farm}", cancellationToken) is { } translated)
        {
            throw translated;
        }
        return machines;
    }

    public async Task<IReadOnlyList<SpotPriceQuote>> SpotPricesAsync(string region, IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken)
    {
        if (instanceTypes.Count == 0)
            return [];
        // A start time of now asks for the price in force now, per type and zone, rather than its history.
        var request = new DescribeSpotPriceHistoryRequest
        {
            InstanceTypes = [.. instanceTypes],
            ProductDescriptions = [LinuxProduct],
            StartTime = time.GetUtcNow().UtcDateTime,
        };
        var prices = new List<SpotPrice>();
        try
        {
            do
            {
                var page = await Client(region).DescribeSpotPriceHistoryAsync(request, cancellationToken);
                prices.AddRange(page.SpotPriceHistory ?? []);
                request.NextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(request.NextToken));
        }
        catch (Exception e) when (Ec2Errors.Translate(e, $"reading spot prices in {region}", cancellationToken) is { } translated)
        {
            throw translated;
        }
        return Latest(region, prices);
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
            client.Dispose();
        clients.Clear();
    }

    private List<SpotPriceQuote> Latest(string region, List<SpotPrice> prices)
    {
        var quotes = new List<SpotPriceQuote>();
        foreach (var price in prices.Where(p => p.InstanceType is not null)
                     .GroupBy(p => (Type: p.InstanceType.Value, p.AvailabilityZone))
                     .Select(g => g.MaxBy(p => p.Timestamp ?? DateTime.MinValue)!))
        {
            if (!decimal.TryParse(price.Price, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hourly))
            {
                LogUnreadablePrice(price.InstanceType.Value, price.AvailabilityZone, price.Price);
                continue;
            }
            var at = price.Timestamp is { } timestamp ? Ec2InstanceMapping.Utc(timestamp) : time.GetUtcNow();
            quotes.Add(new SpotPriceQuote(region, price.InstanceType.Value, price.AvailabilityZone, hourly, at));
        }
        return quotes;
    }

    private AmazonEC2Client Client(string region) => clients.GetOrAdd(region, r => Ec2Clients.Create(options, r));

    [LoggerMessage(Level = LogLevel.Information, Message = "EC2 launched {InstanceId} as node {NodeId} ({Instance})")]
    private partial void LogLaunched(string instanceId, string nodeId, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EC2 refused {Doing}: {Reason} ({Code})")]
    private partial void LogRefused(string doing, ProviderErrorReason reason, string? code);

    [LoggerMessage(Level = LogLevel.Information, Message = "EC2 is terminating {InstanceId}")]
    private partial void LogTerminated(string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "EC2 knows no instance {InstanceId}: it is gone already")]
    private partial void LogAlreadyGone(string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EC2 gave a spot price of {InstanceType} in {Zone} that is not a number: '{Price}'")]
    private partial void LogUnreadablePrice(string instanceType, string? zone, string? price);
}
