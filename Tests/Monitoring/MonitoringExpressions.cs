using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RenderFarm.Tests.Monitoring;

/// <summary>
/// Every PromQL expression of the monitoring files: the alert rules' and the dashboard's (its panels'
/// targets and the selectors of its query variables), for the tests that send them to a Prometheus.
/// </summary>
public static partial class MonitoringExpressions
{
    /// <summary>Metrics that expressions use although the farm does not export them yet: those return nothing.</summary>
    public static IReadOnlySet<string> NotYetExported { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
    };

    /// <summary>Every expression, ready to be queried: template variables replaced as <see cref="Queryable"/> does.</summary>
    public static IReadOnlyList<(string Source, string Expr)> All() =>
        AsWritten().Select(e => (e.Source, Queryable(e.Expr))).ToList();

    /// <summary>Every expression as the files have it, the dashboard's with its template variables.</summary>
    public static IReadOnlyList<(string Source, string Expr)> AsWritten() => [.. AlertRules(), .. Dashboard()];

    public static IReadOnlyList<(string Source, string Expr)> AlertRules() =>
        AlertRuleFile.Load(MonitoringFiles.AlertRules)
            .Select(rule => ($"alerts.yml {rule.Name}", rule.Expr.Trim()))
            .ToList();

    public static IReadOnlyList<(string Source, string Expr)> Dashboard()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(MonitoringFiles.Dashboard))!;
        var targets =
            from panel in Panels(dashboard["panels"])
            from target in panel["targets"]?.AsArray() ?? []
            where target?["expr"] is not null
            select ($"renderfarm.json panel '{panel["title"]}' {target["refId"]}", (string)target["expr"]!);
        var variables =
            from variable in dashboard["templating"]?["list"]?.AsArray() ?? []
            where (string?)variable!["type"] == "query"
            let selector = VariableSelector(variable!["query"])
            where selector is not null
            select ($"renderfarm.json variable {variable!["name"]}", selector);
        return [.. targets, .. variables];
    }

    public static bool UsesMetricNotYetExported(string expr) =>
        NotYetExported.Any(name => Regex.IsMatch(expr, $@"\b{Regex.Escape(name)}\b"));

    /// <summary>
    /// The expression with Grafana's interval variables as fixed durations and the dashboard's own variables
    /// ($pool, $node) as <c>.*</c>, which matches every value where the dashboard uses them: in <c>=~"$name"</c>
    /// matchers, which a test holds it to.
    /// </summary>
    public static string Queryable(string expr) => TemplateVariable().Replace(expr, match =>
    {
        var name = match.Groups["name"].Value;
        if (GrafanaIntervals.TryGetValue(name, out var duration))
            return duration;
        if (name.StartsWith("__", StringComparison.Ordinal))
            throw new ArgumentException($"Grafana's variable ${name} has no substitute here (in {expr})");
        return ".*";
    });

    /// <summary>The names of the dashboard's own template variables that an expression uses, other than in <c>=~"$name"</c>.</summary>
    public static IReadOnlyList<string> VariablesOutsideRegexMatchers(string expr) =>
        TemplateVariable().Matches(RegexMatcherOnVariable().Replace(expr, ""))
            .Select(m => m.Groups["name"].Value)
            .Where(name => !name.StartsWith("__", StringComparison.Ordinal))
            .ToList();

    private static readonly Dictionary<string, string> GrafanaIntervals = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "1m",
        ["__range"] = "1h",
    };

    [GeneratedRegex(@"\$(?:\{(?<name>\w+)\}|(?<name>\w+))")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex(@"=~""\$(?:\{\w+\}|\w+)""")]
    private static partial Regex RegexMatcherOnVariable();

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*\w+\s*\)\s*$")]
    private static partial Regex LabelValues();

    /// <summary>The panels, those inside rows included.</summary>
    private static IEnumerable<JsonNode> Panels(JsonNode? panels) =>
        (panels?.AsArray() ?? []).SelectMany(panel => Panels(panel!["panels"]).Prepend(panel!));

    /// <summary>The series selector of a <c>label_values(selector, label)</c> variable query; null for one without.</summary>
    private static string? VariableSelector(JsonNode? query)
    {
        var text = query is JsonObject ? (string?)query["query"] : (string?)query;
        var match = LabelValues().Match(text ?? "");
        return match.Success ? match.Groups["selector"].Value.Trim() : null;
    }
}
