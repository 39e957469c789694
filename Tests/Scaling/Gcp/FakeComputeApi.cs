using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>
/// The part of the Compute Engine JSON API the provider uses, under <c>/compute/v1/projects/P/zones/Z/</c>:
/// instances insert, get, list (label filter, paged) and delete, and zone operations get. Every request
/// needs the fake's bearer token.
/// </summary>
internal sealed partial class FakeComputeApi(FakeComputeServer server)
{
    public async Task HandleAsync(HttpContext context, string operation, string? name)
    {
        if (context.Request.Headers.Authorization != $"Bearer {server.AccessToken}")
        {
            await FakeComputeHttp.ErrorAsync(context, 401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token.");
            return;
        }
        await (operation switch
        {
            "instances.insert" => InsertAsync(context),
            "instances.get" => GetAsync(context, name!),
            "instances.list" => ListAsync(context),
            "instances.delete" => DeleteAsync(context, name!),
            _ => PollAsync(context, name!),
        });
    }

    private async Task InsertAsync(HttpContext context)
    {
        JsonObject body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: context.RequestAborted)
                ?? throw new JsonException("null body");
        }
        catch (JsonException e)
        {
            await FakeComputeHttp.ErrorAsync(context, 400, "parseError", $"Invalid JSON payload received. {e.Message}");
            return;
        }
        if (InsertFault(body) is { } fault)
        {
            await FakeComputeHttp.ErrorAsync(context, 400, "invalid", fault);
            return;
        }
        var name = body["name"]!.GetValue<string>();
        var machineType = body["machineType"]!.GetValue<string>().Split('/')[^1];
        var accepted = server.Insert(name, machineType, body);
        if (accepted.Error is { } error)
        {
            await FakeComputeHttp.ErrorAsync(context, error.Status, error.Reason, error.Message);
            return;
        }
        if (accepted.Boot is { } boot)
            await server.Host.StartAsync(name, boot);
        await FakeComputeHttp.JsonAsync(context, 200, accepted.Operation!.Resource(server.ZoneRoot));
    }

    private async Task GetAsync(HttpContext context, string name)
    {
        if (server.Find(name) is { } instance)
            await FakeComputeHttp.JsonAsync(context, 200, server.Resource(instance));
        else
            await NotFoundAsync(context, name);
    }

    private async Task ListAsync(HttpContext context)
    {
        var filter = context.Request.Query["filter"].ToString();
        var match = LabelFilter().Match(filter);
        if (filter.Length > 0 && !match.Success)
        {
            await FakeComputeHttp.ErrorAsync(context, 400, "invalid", $"Invalid list filter expression '{filter}'.");
            return;
        }
        var matching = server.Instances
            .Where(i => !match.Success || i.Labels.GetValueOrDefault(match.Groups["key"].Value) == match.Groups["value"].Value)
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ToList();
        var start = int.TryParse(context.Request.Query["pageToken"], out var token) ? token : 0;
        var size = Math.Min(server.MaxPageSize, int.TryParse(context.Request.Query["maxResults"], out var max) ? max : 500);
        var page = matching.Skip(start).Take(size).Select(server.Resource).ToList();
        server.CountListPage();
        var answer = new Dictionary<string, object?> { ["kind"] = "compute#instanceList", ["items"] = page, ["selfLink"] = server.ZoneRoot + "instances" };
        if (start + size < matching.Count)
            answer["nextPageToken"] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await FakeComputeHttp.JsonAsync(context, 200, answer);
    }

    private async Task DeleteAsync(HttpContext context, string name)
    {
        if (server.Delete(name) is not { } operation)
        {
            await NotFoundAsync(context, name);
            return;
        }
        await server.Host.StopAsync(name);
        await FakeComputeHttp.JsonAsync(context, 200, operation.Resource(server.ZoneRoot));
    }

    private async Task PollAsync(HttpContext context, string name)
    {
        if (server.Poll(name) is { } resource)
            await FakeComputeHttp.JsonAsync(context, 200, resource);
        else
            await FakeComputeHttp.ErrorAsync(context, 404, "notFound", $"The resource 'projects/{server.Project}/zones/{server.Zone}/operations/{name}' was not found");
    }

    private Task NotFoundAsync(HttpContext context, string name) =>
        FakeComputeHttp.ErrorAsync(context, 404, "notFound", $"The resource 'projects/{server.Project}/zones/{server.Zone}/instances/{name}' was not found");

    private string? InsertFault(JsonObject body)
    {
        if (body["name"] is not JsonValue n || n.GetValue<string>() is not { } name || !InstanceName().IsMatch(name))
            return "Invalid value for field 'resource.name': must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'";
        if (body["machineType"]?.GetValue<string>() is not { } type || !type.StartsWith($"zones/{server.Zone}/machineTypes/", StringComparison.Ordinal))
            return $"Invalid value for field 'resource.machineType': must be zones/{server.Zone}/machineTypes/TYPE";
        if (body["disks"] is not JsonArray { Count: > 0 } disks || disks[0]?["initializeParams"]?["sourceImage"] is null || disks[0]?["boot"]?.GetValue<bool>() != true)
            return "Invalid value for field 'resource.disks': a boot disk with initializeParams.sourceImage is required";
        if (body["networkInterfaces"] is not JsonArray { Count: > 0 })
            return "Invalid value for field 'resource.networkInterfaces': at least one is required";
        if (body["labels"] is JsonObject labels && labels.Any(l => !LabelKey().IsMatch(l.Key) || l.Value?.GetValue<string>() is not { } v || !LabelValue().IsMatch(v)))
            return "Invalid value for field 'resource.labels': keys and values must be lowercase letters, digits, '_' and '-', at most 63";
        return null;
    }

    [GeneratedRegex(@"^labels\.(?<key>[a-z][a-z0-9_-]*)\s*=\s*""?(?<value>[a-z0-9_-]*)""?$")]
    private static partial Regex LabelFilter();

    [GeneratedRegex("^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex InstanceName();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^[a-z0-9_-]{0,63}$")]
    private static partial Regex LabelValue();
}
