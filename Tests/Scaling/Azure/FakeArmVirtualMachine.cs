using System.Text.Json.Nodes;

namespace RenderFarm.Tests.Scaling.Azure;

/// <summary>A virtual machine the fake holds: the body it was created with, its provisioning and power state.</summary>
public sealed class FakeArmVirtualMachine(string name, JsonObject body, string customData, DateTimeOffset created)
{
    public string Name { get; } = name;

    /// <summary>The PUT body as the SDK sent it.</summary>
    public JsonObject Body { get; } = body;

    /// <summary>The user data, decoded from <c>osProfile.customData</c>.</summary>
    public string CustomData { get; } = customData;

    public DateTimeOffset Created { get; } = created;

    public string VmId { get; } = Guid.NewGuid().ToString();

    /// <summary>Creating, Succeeded, Failed, Deleting …</summary>
    public string ProvisioningState { get; set; } = "Creating";

    /// <summary>The instance view's <c>PowerState/…</c>: starting, running, stopping, stopped, deallocating, deallocated.</summary>
    public string PowerState { get; set; } = "starting";

    /// <summary>The machine's Scheduled Events hold a Preempt event from this time on.</summary>
    public DateTimeOffset? PreemptedAt { get; set; }

    public string VmSize => Body["properties"]?["hardwareProfile"]?["vmSize"]?.GetValue<string>() ?? "";

    public IReadOnlyDictionary<string, string> Tags =>
        Body["tags"] is JsonObject tags ? tags.ToDictionary(t => t.Key, t => t.Value?.GetValue<string>() ?? "", StringComparer.Ordinal) : new Dictionary<string, string>();

    /// <summary>The resource as Resource Manager answers it: never the custom data, which it does not return.</summary>
    internal JsonObject Resource(string id, bool instanceView)
    {
        var resource = (JsonObject)Body.DeepClone();
        resource["id"] = id;
        resource["name"] = Name;
        resource["type"] = "Microsoft.Compute/virtualMachines";
        var properties = resource["properties"] as JsonObject ?? [];
        resource["properties"] = properties;
        (properties["osProfile"] as JsonObject)?.Remove("customData");
        properties["provisioningState"] = ProvisioningState;
        properties["vmId"] = VmId;
        properties["timeCreated"] = Created.ToString("O");
        if (instanceView)
        {
            properties["instanceView"] = new JsonObject
            {
                ["computerName"] = Name,
                ["statuses"] = new JsonArray(
                    new JsonObject { ["code"] = $"ProvisioningState/{ProvisioningState.ToLowerInvariant()}", ["level"] = "Info", ["displayStatus"] = $"Provisioning {ProvisioningState.ToLowerInvariant()}" },
                    new JsonObject { ["code"] = $"PowerState/{PowerState}", ["level"] = "Info", ["displayStatus"] = $"VM {PowerState}" }),
            };
        }
        return resource;
    }
}
