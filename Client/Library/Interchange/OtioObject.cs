using System.Text.Json;

namespace RenderFarm.Interchange;

/// <summary>One object of an OTIO document with its path from the timeline, as error messages name it.</summary>
internal readonly record struct OtioObject(JsonElement Json, string Path)
{
    /// <summary><c>Clip.2</c> → (<c>Clip</c>, 2); an object without a schema gives ("", 0).</summary>
    public (string Name, int Version) Schema
    {
        get
        {
            var schema = String("OTIO_SCHEMA") ?? "";
            var dot = schema.LastIndexOf('.');
            return dot > 0 && int.TryParse(schema[(dot + 1)..], out var version) ? (schema[..dot], version) : (schema, 0);
        }
    }

    public string? Name => String("name");

    /// <summary>The path and, for a named object, its schema and name: <c>tracks.children[1].children[4] (Clip "B-roll 3")</c>.</summary>
    public string Label => string.IsNullOrEmpty(Name) ? $"{Path} ({Schema.Name})" : $"{Path} ({Schema.Name} \"{Name}\")";

    public OtioObject? Child(string property) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? new OtioObject(value, Join(Path, property))
            : null;

    public IReadOnlyList<OtioObject> Children(string property = "children")
    {
        if (Json.ValueKind != JsonValueKind.Object || !Json.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.Array)
            return [];
        var path = Join(Path, property);
        return value.EnumerateArray().Select((child, i) => new OtioObject(child, $"{path}[{i}]")).ToList();
    }

    public IEnumerable<(string Key, OtioObject Value)> Entries(string property) =>
        Child(property) is { } map
            ? map.Json.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).Select(p => (p.Name, new OtioObject(p.Value, $"{map.Path}.{p.Name}")))
            : [];

    public string? String(string property) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public double? Number(string property) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>OTIO's <c>enabled</c>: true unless written false.</summary>
    public bool Enabled =>
        !(Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("enabled", out var value) && value.ValueKind == JsonValueKind.False);

    private static string Join(string path, string property) => path.Length == 0 ? property : $"{path}.{property}";
}
