using YamlDotNet.RepresentationModel;

namespace RenderFarm.Tests.Monitoring;

/// <summary>An alerting or recording rule of a Prometheus rule file.</summary>
public sealed record AlertRule(
    string Group,
    string Name,
    string Expr,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);

/// <summary>Reads the rules of a Prometheus rule file (groups → rules) as written.</summary>
public static class AlertRuleFile
{
    public static IReadOnlyList<AlertRule> Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return Sequence(root, "groups")
            .SelectMany(group => Sequence(group, "rules").Select(rule => new AlertRule(
                Scalar(group, "name") ?? "",
                Scalar(rule, "alert") ?? Scalar(rule, "record") ?? "",
                Scalar(rule, "expr") ?? throw new InvalidDataException($"{path}: a rule of group {Scalar(group, "name")} has no expr"),
                Map(rule, "labels"),
                Map(rule, "annotations"))))
            .ToList();
    }

    private static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode items
            ? items.Children.Cast<YamlMappingNode>()
            : [];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static IReadOnlyDictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode map
            ? map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();
}
