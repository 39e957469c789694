using RenderFarm.Access;

namespace RenderFarm.Tests.Durable;

/// <summary>
/// The keys file every farm-mode silo of a test run gets, written once: users alice (project trailer) and
/// bob, and an operator, whose key the farms' default clients present.
/// </summary>
public static class TestKeys
{
    public const string AliceProject = "trailer";

    private static readonly Lazy<string> KeysFile = new(Write);

    public static string Alice { get; } = ApiKeys.New();
    public static string Bob { get; } = ApiKeys.New();
    public static string Operator { get; } = ApiKeys.New();

    /// <summary>The path of the keys file.</summary>
    public static string File => KeysFile.Value;

    private static string Write()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "renderfarm-test-keys", $"{Environment.ProcessId}")).FullName;
        var path = Path.Combine(folder, "keys");
        System.IO.File.WriteAllLines(path,
        [
            "# users of the test farms",
            ApiKeys.KeysFileLine("alice", CallerRole.User, Alice, [AliceProject]),
            ApiKeys.KeysFileLine("bob", CallerRole.User, Bob, []),
            ApiKeys.KeysFileLine("ops", CallerRole.Operator, Operator, []),
        ]);
        return path;
    }
}
