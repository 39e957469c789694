using System.Globalization;

namespace RenderFarm.Tests.Scaling.Aws;

/// <summary>
/// One request of EC2's query API as the fake received it: the form's parameters (<c>Action</c>,
/// <c>SecurityGroupId.1</c>, <c>TagSpecification.1.Tag.2.Key</c>, …) and the region it was signed for.
/// </summary>
public sealed class FakeEc2Request(IReadOnlyDictionary<string, string> parameters, string? region)
{
    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    public string Action => Get("Action") ?? "";

    /// <summary>The region of the signature's credential scope, null for an unsigned request.</summary>
    public string? Region { get; } = region;

    public string? Get(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>A list parameter's members: <c>name.1</c>, <c>name.2</c>, … up to the first missing one.</summary>
    public IReadOnlyList<string> List(string name)
    {
        var values = new List<string>();
        for (var i = 1; Get(string.Create(CultureInfo.InvariantCulture, $"{name}.{i}")) is { } value; i++)
            values.Add(value);
        return values;
    }

    /// <summary>The filters, by name: <c>Filter.N.Name</c> with its <c>Filter.N.Value.M</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters()
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 1; Get(string.Create(CultureInfo.InvariantCulture, $"Filter.{i}.Name")) is { } name; i++)
            filters[name] = List(string.Create(CultureInfo.InvariantCulture, $"Filter.{i}.Value"));
        return filters;
    }

    /// <summary>The tags of the tag specification for a resource type (instance, volume), empty for none.</summary>
    public IReadOnlyDictionary<string, string> TagsFor(string resourceType)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; Get(string.Create(CultureInfo.InvariantCulture, $"TagSpecification.{i}.ResourceType")) is { } type; i++)
        {
            if (type != resourceType)
                continue;
            for (var j = 1; Get(string.Create(CultureInfo.InvariantCulture, $"TagSpecification.{i}.Tag.{j}.Key")) is { } key; j++)
                tags[key] = Get(string.Create(CultureInfo.InvariantCulture, $"TagSpecification.{i}.Tag.{j}.Value")) ?? "";
        }
        return tags;
    }

    public override string ToString() => string.Join('&', Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
