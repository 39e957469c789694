using System.Globalization;
using System.Text.Json;

namespace RenderFarm.Scaling.Gcp;

/// <summary>A Compute Engine instance resource as the farm's <see cref="ProviderMachine"/>.</summary>
internal static class GceInstanceReader
{
    public static ProviderMachine Read(JsonElement instance)
    {
        var name = Text(instance, "name") ?? "";
        return new ProviderMachine(
            name,
            MetadataItem(instance, MachineTags.Node) ?? name,
            MetadataItem(instance, MachineTags.Instance) ?? "",
            GceInstanceStates.Of(Text(instance, "status")),
            DateTimeOffset.TryParse(Text(instance, "creationTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null);
    }

    private static string? MetadataItem(JsonElement instance, string key)
    {
        if (!instance.TryGetProperty("metadata", out var metadata) || !metadata.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            return null;
        return items.EnumerateArray().Where(item => Text(item, "key") == key).Select(item => Text(item, "value")).FirstOrDefault();
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
