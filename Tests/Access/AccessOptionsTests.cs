using Microsoft.Extensions.Options;
using RenderFarm.Access;

namespace RenderFarm.Tests.Access;

public sealed class AccessOptionsTests
{
    [Fact]
    public void Farm_mode_without_a_keys_file_is_refused_unless_access_control_is_turned_off_by_name()
    {
        var required = Failures(new AccessOptions { KeysRequired = true });
        var turnedOff = Failures(new AccessOptions { KeysRequired = true, Disabled = true });
        var local = Failures(new AccessOptions());

        Assert.Equal(
            ["Access:KeysFile is required in farm mode (Cluster:Database is set): give the path of the farm's keys file, or set Access:Disabled=true to let every client act as an operator"],
            required);
        Assert.Empty(turnedOff);
        Assert.Empty(local);
    }

    [Fact]
    public void A_keys_file_with_bad_lines_or_no_user_is_refused_naming_the_file_and_each_line()
    {
        using var directory = new Support.TestDirectory("keys");
        var bad = directory.File("bad");
        File.WriteAllLines(bad, ["# users", "bob root " + ApiKeys.Hash("k")]);
        var empty = directory.File("empty");
        File.WriteAllLines(empty, ["# nobody yet"]);

        Assert.Equal([$"Access:KeysFile {bad}, line 2, role: must be 'user' or 'operator' (was 'root')"], Failures(new AccessOptions { KeysFile = bad }));
        Assert.Equal([$"Access:KeysFile {empty} lists no user: nobody could call the farm"], Failures(new AccessOptions { KeysFile = empty }));
        Assert.Equal(["Access:Disabled cannot be combined with Access:KeysFile: choose keys or no access control"],
            Failures(new AccessOptions { KeysFile = empty, Disabled = true }));
    }

    [Fact]
    public void Without_keys_every_caller_is_the_local_operator()
    {
        var keyring = new AccessKeyring(Options.Create(new AccessOptions()));

        Assert.False(keyring.Enforced);
        Assert.Same(LocalCaller.Identity, keyring.Verify(null));
        Assert.Same(LocalCaller.Identity, keyring.Verify("any key"));
        Assert.Equal(CallerRole.Operator, LocalCaller.Identity.Role);
    }

    private static IReadOnlyList<string> Failures(AccessOptions options) =>
        new AccessOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];
}
