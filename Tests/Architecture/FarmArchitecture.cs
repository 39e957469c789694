using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using RenderFarm.Client;
using RenderFarm.Rendering;
using RenderFarm.Timelines;
using ArchAssembly = ArchUnitNET.Domain.Assembly;
using ReflectionAssembly = System.Reflection.Assembly;

namespace RenderFarm.Tests.Architecture;

/// <summary>The farm's own assemblies as ArchUnitNET sees them (types and every type they depend on), loaded once.</summary>
internal static class FarmArchitecture
{
    public static ReflectionAssembly Contracts { get; } = typeof(Timeline).Assembly;
    public static ReflectionAssembly Grains { get; } = typeof(RenderEngine).Assembly;
    public static ReflectionAssembly ClientLibrary { get; } = typeof(RenderFarmClient).Assembly;
    public static ReflectionAssembly Embedded { get; } = typeof(EmbeddedRenderFarm).Assembly;

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Loaded =
        new(() => new ArchLoader().LoadAssemblies(Contracts, Grains, ClientLibrary, Embedded).Build());

    private static readonly Lazy<Dictionary<string, IType>> ByName =
        new(() => Model.Types.GroupBy(t => t.FullName).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    public static ArchUnitNET.Domain.Architecture Model => Loaded.Value;

    /// <summary>Types declared in <paramref name="assembly"/> (not the types it only references).</summary>
    public static IEnumerable<IType> TypesOf(ReflectionAssembly assembly) =>
        Model.Types.Where(t => IsIn(t.Assembly, assembly.GetName().Name!));

    /// <summary>Every (type, type it depends on) pair whose target matches, one line each, sorted: what a failure lists.</summary>
    public static IReadOnlyList<string> Dependencies(IEnumerable<IType> origins, Func<IType, bool> target) =>
        origins
            .SelectMany(origin => origin.Dependencies
                .Select(d => d.Target)
                .Where(t => !ReferenceEquals(t, origin) && target(t))
                .Select(t => $"{Outermost(origin).FullName} -> {t.FullName} [{AssemblyName(t)}]"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string AssemblyName(IType type) => SimpleName(type.Assembly.FullName);

    public static bool IsIn(ArchAssembly assembly, string simpleName) =>
        string.Equals(SimpleName(assembly.FullName), simpleName, StringComparison.Ordinal);

    /// <summary>The type a nested or compiler-generated type (a lambda's closure, an async state machine) belongs to.</summary>
    public static IType Outermost(IType type)
    {
        var name = type.FullName;
        var nested = name.IndexOfAny(['+', '/']);
        if (nested < 0)
            return type;
        var outer = name[..nested];
        return ByName.Value.GetValueOrDefault(outer) ?? type;
    }

    /// <summary>The namespace of the type, or of the type it is nested in.</summary>
    public static string NamespaceOf(IType type) => Outermost(type).Namespace.FullName;

    private static string SimpleName(string fullName) => fullName.Split(',', 2)[0].Trim();
}
