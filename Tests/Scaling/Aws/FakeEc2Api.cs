using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using RenderFarm.Scaling;
using static RenderFarm.Tests.Scaling.Aws.FakeEc2Xml;

namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>
/// EC2's query API: a form-encoded POST whose <c>Action</c> says what to do. It answers RunInstances,
/// DescribeInstances, TerminateInstances and DescribeSpotPriceHistory; every other action is unsupported.
/// </summary>
internal sealed partial class FakeEc2Api(FakeEc2Server server)
{
    private const int MaxPageSize = 1000;

    private static readonly HashSet<string> InstanceFilters = new(StringComparer.Ordinal) { "instance-state-name", "instance-id", "instance-type" };

    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            await ErrorAsync(context, 400, "InvalidAction", "The query API takes form-encoded POST requests.");
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = new FakeEc2Request(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal), SignedRegion(context));
        server.Record(request);
        if (request.Region is null)
        {
            await ErrorAsync(context, 401, "AuthFailure", "AWS was not able to validate the provided access credentials");
            return;
        }
        if (server.Failures.Take(request.Action, request.Get("InstanceType")) is { } failure)
        {
            await ErrorAsync(context, failure.Status, failure.Code, $"injected {failure.Code}");
            return;
        }
        await (request.Action switch
        {
            "RunInstances" => RunInstancesAsync(context, request),
            "DescribeInstances" => DescribeInstancesAsync(context, request),
            "TerminateInstances" => TerminateInstancesAsync(context, request),
            "DescribeSpotPriceHistory" => DescribeSpotPriceHistoryAsync(context, request),
            var action => ErrorAsync(context, 400, "InvalidAction", $"The action {action} is not valid for this web service."),
        });
    }

    private async Task RunInstancesAsync(HttpContext context, FakeEc2Request request)
    {
        foreach (var required in new[] { "ImageId", "InstanceType", "MinCount", "MaxCount" })
        {
            if (string.IsNullOrEmpty(request.Get(required)))
            {
                await ErrorAsync(context, 400, "MissingParameter", $"The request must contain the parameter {required}");
                return;
            }
        }
        if (request.Get("MinCount") != "1" || request.Get("MaxCount") != "1")
        {
            await ErrorAsync(context, 400, "InvalidParameterValue", "The fake launches one instance per request (MinCount = MaxCount = 1).");
            return;
        }
        string userData;
        BootSettings boot;
        try
        {
            userData = Encoding.UTF8.GetString(Convert.FromBase64String(request.Get("UserData") ?? ""));
            boot = CloudInit.Read(userData);
        }
        catch (FormatException e)
        {
            await ErrorAsync(context, 400, "InvalidParameterValue", $"Invalid BASE64 encoding of user data, or no node settings in it: {e.Message}");
            return;
        }
        var now = server.Instances.Now;
        var (instance, launched) = server.Instances.Launch(request.Get("ClientToken"), id => new FakeEc2Instance(id, request, userData, now));
        if (launched)
            await server.Host.StartAsync(instance.Id, boot);
        if (server.Failures.Take(FakeEc2Failures.LostAnswer, null) is { } lost)
        {
            await ErrorAsync(context, lost.Status, lost.Code, "injected: the instance launched, its answer is lost");
            return;
        }
        await AnswerAsync(context, "RunInstances",
            E("reservationId", "r-" + instance.Id[2..]),
            E("ownerId", FakeEc2Server.OwnerId),
            E("groupSet"),
            Set("instancesSet", [InstanceItem(instance)]));
    }

    private async Task DescribeInstancesAsync(HttpContext context, FakeEc2Request request)
    {
        var filters = request.Filters();
        if (filters.Keys.FirstOrDefault(f => !f.StartsWith("tag:", StringComparison.Ordinal) && !InstanceFilters.Contains(f)) is { } unknown)
        {
            await ErrorAsync(context, 400, "InvalidParameterValue", $"The filter '{unknown}' is invalid");
            return;
        }
        var ids = request.List("InstanceId");
        var matching = server.Instances.All.Where(i => (ids.Count == 0 || ids.Contains(i.Id)) && Matches(i, filters)).ToList();
        if (ids.FirstOrDefault(id => server.Instances.Find(id) is null) is { } missing)
        {
            await ErrorAsync(context, 400, "InvalidInstanceID.NotFound", $"The instance ID '{missing}' does not exist");
            return;
        }
        var (page, next) = Page(matching, request.Get("MaxResults"), request.Get("NextToken"), server.InstancePageSize);
        await AnswerAsync(context, "DescribeInstances",
            Set("reservationSet", page.Select(i => new object?[]
            {
                E("reservationId", "r-" + i.Id[2..]),
                E("ownerId", FakeEc2Server.OwnerId),
                E("groupSet"),
                Set("instancesSet", [InstanceItem(i)]),
            })),
            next is null ? null : E("nextToken", next));
    }

    private async Task TerminateInstancesAsync(HttpContext context, FakeEc2Request request)
    {
        var ids = request.List("InstanceId");
        if (ids.Count == 0)
        {
            await ErrorAsync(context, 400, "MissingParameter", "The request must contain the parameter InstanceId");
            return;
        }
        if (ids.FirstOrDefault(id => server.Instances.Find(id) is null) is { } missing)
        {
            await ErrorAsync(context, 400, "InvalidInstanceID.NotFound", $"The instance ID '{missing}' does not exist");
            return;
        }
        var items = new List<object?[]>();
        foreach (var instance in ids.Select(id => server.Instances.Find(id)!))
        {
            var previous = server.Instances.StateOf(instance);
            if (server.Instances.Terminate(instance))
                await server.Host.StopAsync(instance.Id);
            var current = server.Instances.StateOf(instance);
            items.Add([E("instanceId", instance.Id), State("currentState", current), State("previousState", previous)]);
        }
        await AnswerAsync(context, "TerminateInstances", Set("instancesSet", items));
    }

    private async Task DescribeSpotPriceHistoryAsync(HttpContext context, FakeEc2Request request)
    {
        DateTimeOffset? start = request.Get("StartTime") is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
        var prices = server.SpotPrices.Select(request.List("InstanceType"), request.List("ProductDescription"), start).ToList();
        var (page, next) = Page(prices, request.Get("MaxResults"), request.Get("NextToken"), server.SpotPricePageSize);
        await AnswerAsync(context, "DescribeSpotPriceHistory",
            Set("spotPriceHistorySet", page.Select(p => new object?[]
            {
                E("instanceType", p.InstanceType),
                E("productDescription", p.Product),
                E("spotPrice", p.Price),
                E("timestamp", Time(p.At)),
                E("availabilityZone", p.Zone),
            })),
            E("nextToken", next ?? ""));
    }

    private bool Matches(FakeEc2Instance instance, IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        foreach (var (name, values) in filters)
        {
            var actual = name switch
            {
                "instance-state-name" => server.Instances.StateOf(instance),
                "instance-id" => instance.Id,
                "instance-type" => instance.InstanceType,
                _ => instance.Tags.GetValueOrDefault(name["tag:".Length..]),
            };
            if (actual is null || !values.Contains(actual))
                return false;
        }
        return true;
    }

    private XElement[] InstanceItem(FakeEc2Instance instance) =>
    [
        E("instanceId", instance.Id),
        E("imageId", instance.ImageId),
        State("instanceState", server.Instances.StateOf(instance)),
        E("privateDnsName", $"ip-10-0-0-{instance.Id.Length}.ec2.internal"),
        E("instanceType", instance.InstanceType),
        E("launchTime", Time(instance.LaunchedAt)),
        E("placement", E("availabilityZone", server.AvailabilityZone)),
        E("subnetId", instance.SubnetId),
        Set("groupSet", instance.SecurityGroupIds.Select(g => new object?[] { E("groupId", g) })),
        Set("tagSet", instance.Tags.Select(t => new object?[] { E("key", t.Key), E("value", t.Value) })),
        .. instance.KeyName is { } key ? [E("keyName", key)] : Array.Empty<XElement>(),
        .. instance.MarketType == "spot" ? [E("instanceLifecycle", "spot")] : Array.Empty<XElement>(),
        .. instance.ClientToken is { } token ? [E("clientToken", token)] : Array.Empty<XElement>(),
    ];

    private static XElement State(string element, string name) =>
        E(element, E("code", FakeEc2Instances.CodeOf(name)), E("name", name));

    /// <summary>A page of at most the request's MaxResults (and the fake's page size), and the token of the next, null after the last.</summary>
    private static (List<T> Page, string? Next) Page<T>(List<T> all, string? maxResults, string? nextToken, int pageSize)
    {
        var size = Math.Min(pageSize, int.TryParse(maxResults, CultureInfo.InvariantCulture, out var max) ? max : MaxPageSize);
        var from = string.IsNullOrEmpty(nextToken) ? 0 : int.Parse(nextToken["page-".Length..], CultureInfo.InvariantCulture);
        var page = all.Skip(from).Take(size).ToList();
        return (page, from + size < all.Count ? string.Create(CultureInfo.InvariantCulture, $"page-{from + size}") : null);
    }

    /// <summary>The region of a Signature Version 4 credential scope: <c>Credential=KEY/DATE/REGION/ec2/aws4_request</c>.</summary>
    private static string? SignedRegion(HttpContext context)
    {
        var match = CredentialScope().Match(context.Request.Headers.Authorization.ToString());
        return match.Success ? match.Groups["region"].Value : null;
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[^/]+/\d{8}/(?<region>[a-z0-9-]+)/ec2/aws4_request")]
    private static partial Regex CredentialScope();
}
