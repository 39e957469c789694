using ArchUnitNET.Domain;
using static RenderFarm.Tests.Architecture.FarmArchitecture;

namespace RenderFarm.Tests.Architecture;

/// <summary>
/// The layout of the design card, as rules over the compiled assemblies: what may depend on what.
/// Each failure lists the offending types and what they reference.
/// </summary>
public sealed class LayoutRulesTests
{
    private static readonly string[] ImplementationAssemblies =
        ["RenderFarm.Grains", "FFMpegCore", "Npgsql", "Orleans.Server", "Orleans.Runtime"];

    private static readonly string[] ClientForbidden = ["RenderFarm.Grains", "Orleans.Runtime", "Orleans.Server", "FFMpegCore"];

    [Fact]
    public void Rendering_and_timeline_code_does_not_use_Orleans()
    {
        var plain = TypesOf(Grains).Where(t => NamespaceOf(t) is var ns && (InFolder(ns, "RenderFarm.Rendering") || InFolder(ns, "RenderFarm.Timelines")));

        var offending = Dependencies(plain, IsOrleans);

        Assert.True(offending.Count == 0,
            "RenderFarm.Rendering and RenderFarm.Timelines are plain .NET and ffmpeg (the grains use them, not the other way round), " +
            "but these types reference Orleans:" + Lines(offending));
    }

    [Fact]
    public void The_Orleans_check_sees_Orleans_where_it_is_used()
    {
        // Keeps the rule above from passing because the dependencies were not seen at all.
        var hosting = TypesOf(Grains).Where(t => InFolder(NamespaceOf(t), "RenderFarm.Hosting"));

        Assert.NotEmpty(Dependencies(hosting, IsOrleans));
    }

    [Fact]
    public void The_contracts_reference_no_implementation()
    {
        var offending = Violations(Contracts, name => ImplementationAssemblies.Contains(name) || name.StartsWith("RenderFarm.Client", StringComparison.Ordinal));

        Assert.True(offending.Count == 0,
            $"{Contracts.GetName().Name} (grain interfaces and records) must depend on Orleans' abstractions only, but references:" + Lines(offending));
    }

    [Fact]
    public void The_client_library_references_neither_the_grains_nor_the_silo_runtime_nor_ffmpeg()
    {
        var offending = Violations(ClientLibrary, ClientForbidden.Contains);

        Assert.True(offending.Count == 0,
            $"{ClientLibrary.GetName().Name}, what a host application references, must need only the contracts and Orleans' client, but references:" + Lines(offending));
    }

    [Fact]
    public void The_embedded_farm_is_where_the_client_meets_the_grains()
    {
        // The positive counterpart of the client rule: the same check does see the grains where they are used.
        Assert.Contains(Embedded.GetReferencedAssemblies(), a => a.Name == "RenderFarm.Grains");
        Assert.NotEmpty(Dependencies(TypesOf(Embedded), t => AssemblyName(t) == "RenderFarm.Grains"));
    }

    [Fact]
    public void The_folders_of_the_grains_assembly_have_no_dependency_cycles()
    {
        var cycles = FolderCycles.Find(TypesOf(Grains));

        Assert.True(cycles.Count == 0,
            "Folders (namespaces) of RenderFarm.Grains depend on each other in a cycle; break each by moving the shared piece " +
            "to the folder both use, or to the contracts:" + string.Concat(cycles.Select(c => Environment.NewLine + c)));
    }

    [Fact]
    public void The_cycle_check_sees_the_dependencies_between_folders()
    {
        var edges = FolderCycles.Edges(TypesOf(Grains));

        Assert.Contains(("RenderFarm.Hosting", "RenderFarm.Nodes"), edges.Keys);
        Assert.Contains(("RenderFarm.Nodes", "RenderFarm.Rendering"), edges.Keys);
    }

    /// <summary>Assembly references (as compiled) to a forbidden assembly, each with the types that use it.</summary>
    private static List<string> Violations(System.Reflection.Assembly assembly, Func<string, bool> forbidden)
    {
        var types = TypesOf(assembly).ToList();
        var found = new List<string>();
        foreach (var reference in assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(forbidden).Order(StringComparer.Ordinal))
        {
            var users = Dependencies(types, t => AssemblyName(t) == reference);
            found.Add(users.Count == 0 ? $"{reference} (assembly reference)" : $"{reference}, used by:" + string.Concat(users.Select(u => Environment.NewLine + "    " + u)));
        }
        // A type whose dependency the compiler recorded without an assembly reference of its own (forwarded types).
        found.AddRange(Dependencies(types, t => forbidden(AssemblyName(t)))
            .Where(line => !found.Any(f => f.Contains(line, StringComparison.Ordinal))));
        return found;
    }

    private static bool IsOrleans(IType type) => NamespaceOf(type) is var ns && (ns == "Orleans" || ns.StartsWith("Orleans.", StringComparison.Ordinal));

    private static bool InFolder(string ns, string folder) => ns == folder || ns.StartsWith(folder + ".", StringComparison.Ordinal);

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => Environment.NewLine + "  " + l));
}
