using ArchUnitNET.Domain;
using static RenderFarm.Tests.Architecture.FarmArchitecture;

namespace RenderFarm.Tests.Architecture;

/// <summary>
/// Dependency cycles between the folders (top-level namespaces below <c>RenderFarm</c>) of one assembly,
/// counting only that assembly's own types: contracts shared through another assembly make no cycle.
/// </summary>
internal static class FolderCycles
{
    /// <summary>One line per cycle (its folders), then every type dependency that closes it.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<IType> types)
    {
        var edges = Edges(types);
        var graph = edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        return StronglyConnected(graph)
            .Where(component => component.Count > 1)
            .Select(component =>
            {
                var inside = component.ToHashSet(StringComparer.Ordinal);
                var closing = edges
                    .Where(e => inside.Contains(e.Key.From) && inside.Contains(e.Key.To))
                    .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
                    .SelectMany(e => e.Value.Select(use => $"    {e.Key.From} -> {e.Key.To}: {use}"));
                return $"  cycle between {string.Join(", ", component.Order(StringComparer.Ordinal))}:" +
                       string.Concat(closing.Select(line => Environment.NewLine + line));
            })
            .ToList();
    }

    /// <summary>Folder → folder, each with the type dependencies that make it.</summary>
    public static Dictionary<(string From, string To), SortedSet<string>> Edges(IEnumerable<IType> types)
    {
        var own = types.Where(t => Folder(t) is not null).ToList();
        var names = own.Select(t => t.FullName).ToHashSet(StringComparer.Ordinal);
        var edges = new Dictionary<(string From, string To), SortedSet<string>>();
        foreach (var type in own)
        {
            var from = Folder(type)!;
            foreach (var target in type.Dependencies.Select(d => d.Target).Where(t => names.Contains(t.FullName)))
            {
                var to = Folder(target)!;
                if (from == to)
                    continue;
                if (!edges.TryGetValue((from, to), out var uses))
                    edges[(from, to)] = uses = new SortedSet<string>(StringComparer.Ordinal);
                uses.Add($"{Outermost(type).FullName} -> {Outermost(target).FullName}");
            }
        }
        return edges;
    }

    /// <summary><c>RenderFarm.Jobs</c> for any type in <c>RenderFarm.Jobs</c> or below; null outside <c>RenderFarm</c>.</summary>
    private static string? Folder(IType type)
    {
        var parts = NamespaceOf(type).Split('.');
        return parts.Length >= 2 && parts[0] == "RenderFarm" ? $"{parts[0]}.{parts[1]}" : null;
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, List<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            components.Add(component);
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }
        return components;
    }
}
