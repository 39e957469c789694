using System.Text.Json.Nodes;
using RenderFarm.Costs;

namespace RenderFarm.Scaling.Gcp;

/// <summary>The body of an instances.insert for one launch.</summary>
internal static class GceInstanceRequest
{
    public const string UserDataKey = "user-data";

    public static JsonObject For(MachineLaunch launch, string name, string userData, GceProviderOptions options)
    {
        var disk = new JsonObject { ["sourceImage"] = options.SourceImage };
        if (options.BootDiskSizeGb is { } size)
            disk["diskSizeGb"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var network = new JsonObject();
        if (options.Network is { } net)
            network["network"] = net;
        if (options.Subnetwork is { } subnet)
            network["subnetwork"] = subnet;
        if (options.ExternalIp)
            network["accessConfigs"] = new JsonArray(new JsonObject { ["type"] = "ONE_TO_ONE_NAT", ["name"] = "External NAT" });

        var labels = new JsonObject();
        foreach (var (key, value) in launch.Tags)
            labels[GceNames.LabelKey(key)] = GceNames.LabelValue(value);

        return new JsonObject
        {
            ["name"] = name,
            ["machineType"] = $"zones/{options.Zone}/machineTypes/{launch.Instance.InstanceType}",
            ["disks"] = new JsonArray(new JsonObject
            {
                ["boot"] = true,
                ["autoDelete"] = true,
                ["initializeParams"] = disk,
            }),
            ["networkInterfaces"] = new JsonArray(network),
            ["metadata"] = new JsonObject
            {
                ["items"] = new JsonArray(
                    Item(UserDataKey, userData),
                    // Labels cannot hold these as they are (upper case, '/', '.'): metadata keeps them exact.
                    Item(MachineTags.Node, launch.NodeId),
                    Item(MachineTags.Instance, launch.Instance.Key)),
            },
            ["labels"] = labels,
            ["scheduling"] = Scheduling(launch.Instance),
        };
    }

    private static JsonObject Scheduling(InstancePrice instance) => instance.Pricing == PricingModel.Spot
        ? new JsonObject
        {
            ["provisioningModel"] = "SPOT",
            ["instanceTerminationAction"] = "DELETE",
            ["automaticRestart"] = false,
            ["onHostMaintenance"] = "TERMINATE",
        }
        : new JsonObject
        {
            ["provisioningModel"] = "STANDARD",
            ["automaticRestart"] = true,
            // A machine with GPUs cannot be live-migrated.
            ["onHostMaintenance"] = instance.GpuCount > 0 ? "TERMINATE" : "MIGRATE",
        };

    private static JsonObject Item(string key, string value) => new() { ["key"] = key, ["value"] = value };
}
