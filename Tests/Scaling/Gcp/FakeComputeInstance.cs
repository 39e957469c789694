using System.Text.Json.Nodes;

namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>An instance the fake holds: the insert's body as sent, its status and whether it was told it is preempted.</summary>
public sealed class FakeComputeInstance(string name, JsonObject body, DateTimeOffset createdAt)
{
    public string Name { get; } = name;

    /// <summary>The instances.insert body exactly as the client sent it.</summary>
    public JsonObject Body { get; } = body;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>PROVISIONING until its insert's operation is DONE, then RUNNING; a test may set any other.</summary>
    public string Status { get; set; } = "PROVISIONING";

    public bool Preempted { get; set; }

    public IReadOnlyDictionary<string, string> Labels =>
        (Body["labels"] as JsonObject)?.ToDictionary(l => l.Key, l => l.Value?.GetValue<string>() ?? "") ?? [];

    public string? MetadataItem(string key) =>
        (Body["metadata"]?["items"] as JsonArray)?.FirstOrDefault(item => item?["key"]?.GetValue<string>() == key)?["value"]?.GetValue<string>();

    /// <summary>The resource as instances.get and instances.list answer it.</summary>
    public JsonObject Resource(string selfLinkRoot)
    {
        var resource = (JsonObject)Body.DeepClone();
        resource["kind"] = "compute#instance";
        resource["id"] = ((ulong)Name.GetHashCode() & 0xFFFFFFFF).ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource["status"] = Status;
        resource["creationTimestamp"] = CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        resource["selfLink"] = selfLinkRoot + "instances/" + Name;
        return resource;
    }
}
