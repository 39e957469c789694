using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RenderFarm.Scaling;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>
/// The virtual machines of the fake's resource group, under
/// <c>/subscriptions/S/resourceGroups/G/providers/Microsoft.Compute/virtualMachines</c>: create (PUT, a
/// long-running operation), get, list (with <c>$expand=instanceView</c>), delete (a long-running operation),
/// and the operations' Azure-AsyncOperation addresses. Every request needs the fake's bearer token.
/// </summary>
internal sealed class FakeArmVirtualMachines(FakeArmServer server)
{
    public async Task<bool> AuthorizedAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization == $"Bearer {server.AccessToken}")
            return true;
        context.Response.Headers.WWWAuthenticate = $"Bearer authorization_uri=\"{server.AuthorityHost}{server.TenantId}\", error=\"invalid_token\", error_description=\"The access token is missing or invalid.\"";
        var code = context.Request.Headers.Authorization.Count == 0 ? "AuthenticationFailed" : "InvalidAuthenticationToken";
        await FakeArmHttp.ErrorAsync(context, 401, code, "The access token is invalid.");
        return false;
    }

    public async Task PutAsync(HttpContext context, string name)
    {
        JsonObject body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: context.RequestAborted)
                ?? throw new JsonException("null body");
        }
        catch (JsonException e)
        {
            await FakeArmHttp.ErrorAsync(context, 400, "InvalidRequestContent", $"The request content was invalid and could not be deserialized: {e.Message}");
            return;
        }
        if (Fault(body) is { } fault)
        {
            await FakeArmHttp.ErrorAsync(context, 400, "InvalidParameter", fault);
            return;
        }
        var encoded = body["properties"]!["osProfile"]!["customData"]!.GetValue<string>();
        string customData;
        BootSettings boot;
        try
        {
            customData = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            boot = CloudInit.Read(customData);
        }
        catch (FormatException e)
        {
            await FakeArmHttp.ErrorAsync(context, 400, "InvalidParameter", $"Custom data in OSProfile must be in Base64 encoding and of a cloud-init the fake can read: {e.Message}");
            return;
        }
        var accepted = server.Create(name, body, customData);
        if (accepted.Error is { } error)
        {
            await FakeArmHttp.ErrorAsync(context, error.Status, error.Code, error.Message);
            return;
        }
        if (accepted.Boots)
            await server.Host.StartAsync(name, boot);
        context.Response.Headers["Azure-AsyncOperation"] = server.OperationUrl(accepted.Operation!);
        context.Response.Headers.RetryAfter = "0";
        await FakeArmHttp.JsonAsync(context, 201, server.Resource(name, instanceView: false)!);
    }

    public async Task GetAsync(HttpContext context, string name)
    {
        var instanceView = context.Request.Query["$expand"] == "instanceView";
        if (server.Resource(name, instanceView) is { } resource)
            await FakeArmHttp.JsonAsync(context, 200, resource);
        else
            await NotFoundAsync(context, name);
    }

    public async Task ListAsync(HttpContext context)
    {
        var instanceView = context.Request.Query["$expand"] == "instanceView";
        var all = server.Machines.Select(vm => server.Resource(vm.Name, instanceView)).OfType<JsonObject>().ToList();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], out var s) ? s : 0;
        var page = all.Skip(skip).Take(server.MaxPageSize).ToList();
        var answer = new JsonObject { ["value"] = new JsonArray([.. page]) };
        if (skip + page.Count < all.Count)
            answer["nextLink"] = $"{server.ArmEndpoint}{context.Request.Path}?api-version={context.Request.Query["api-version"]}{(instanceView ? "&$expand=instanceView" : "")}&$skiptoken={skip + page.Count}";
        server.CountListPage();
        await FakeArmHttp.JsonAsync(context, 200, answer);
    }

    public async Task DeleteAsync(HttpContext context, string name)
    {
        var operation = server.Delete(name);
        if (operation is null)
        {
            // Resource Manager answers the deletion of what is not there 204.
            context.Response.StatusCode = 204;
            return;
        }
        await server.Host.StopAsync(name);
        context.Response.Headers["Azure-AsyncOperation"] = server.OperationUrl(operation);
        context.Response.Headers.RetryAfter = "0";
        context.Response.StatusCode = 202;
    }

    public async Task PollAsync(HttpContext context, string id)
    {
        if (server.Poll(id) is { } status)
        {
            context.Response.Headers.RetryAfter = "0";
            await FakeArmHttp.JsonAsync(context, 200, status);
        }
        else
            await FakeArmHttp.ErrorAsync(context, 404, "NotFound", $"The operation {id} was not found.");
    }

    private Task NotFoundAsync(HttpContext context, string name) =>
        FakeArmHttp.ErrorAsync(context, 404, "ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachines/{name}' under resource group '{server.ResourceGroup}' was not found.");

    private string? Fault(JsonObject body)
    {
        var properties = body["properties"];
        if (body["location"]?.GetValue<string>() != server.Location)
            return $"The location '{body["location"]}' is not the fake's {server.Location}.";
        if (properties?["hardwareProfile"]?["vmSize"] is null)
            return "The value of parameter hardwareProfile.vmSize is missing.";
        if (properties["storageProfile"]?["imageReference"]?["publisher"] is null)
            return "The value of parameter imageReference.publisher is missing.";
        if (properties["osProfile"]?["customData"] is null)
            return "The fake expects osProfile.customData: every farm machine boots from it.";
        if (properties["networkProfile"] is null)
            return "The value of parameter networkProfile is missing.";
        return null;
    }
}
