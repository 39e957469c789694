using RenderFarm.Access;

namespace RenderFarm.Tests.Access;

public sealed class KeysFileReaderTests
{
    private static readonly string AliceHash = ApiKeys.Hash("alice-key");
    private static readonly string OpsHash = ApiKeys.Hash("ops-key");

    [Fact]
    public void Users_roles_hashes_and_projects_are_read_and_comments_and_blank_lines_skipped()
    {
        var (entries, errors) = KeysFileReader.Parse(
        [
            "# the farm's users",
            "",
            $"alice\tuser  {AliceHash}  trailer,teaser   # the editor",
            $"ops operator {OpsHash.ToUpperInvariant()}",
        ]);

        Assert.Empty(errors);
        Assert.Equal(
            [new CallerIdentity("alice", CallerRole.User, ["trailer", "teaser"]).ToString(), new CallerIdentity("ops", CallerRole.Operator, []).ToString()],
            entries.Select(e => e.Identity.ToString()));
        Assert.Equal(["trailer", "teaser"], entries[0].Projects);
        Assert.Equal(Convert.FromHexString(OpsHash), entries[1].KeySha256);
    }

    [Fact]
    public void Every_bad_line_is_named_by_its_number_and_field()
    {
        var (entries, errors) = KeysFileReader.Parse(
        [
            $"alice user {AliceHash}",
            "bob user",
            $"carol admin {OpsHash}",
            "dave user 12ab",
            $"alice user {ApiKeys.Hash("other")}",
            $"erin user {AliceHash}",
            $"fred user {ApiKeys.Hash("fred")} good,bad/project",
            $"gina! operator {ApiKeys.Hash("gina")}",
        ]);

        Assert.Equal(["alice"], entries.Select(e => e.User));
        Assert.Equal(
        [
            "line 2, line: must be USER ROLE SHA256 [PROJECTS], 3 or 4 fields (has 2)",
            "line 3, role: must be 'user' or 'operator' (was 'admin')",
            "line 4, sha256: must be the key's SHA-256 as 64 hex digits (was 4 characters)",
            "line 5, user: 'alice' is already on line 1",
            "line 6, sha256: is the same key as on line 1",
            "line 7, projects: must be names of 1 to 64 letters, digits, '.', '_', '-' or '@' apart by commas (was 'bad/project')",
            "line 8, user: must be 1 to 64 letters, digits, '.', '_', '-' or '@' (was 'gina!')",
        ], errors);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-keys-{Guid.NewGuid():N}");

        var refusal = Assert.Throws<KeysFileException>(() => KeysFileReader.Read(path));

        Assert.Contains(path, refusal.Message);
        Assert.StartsWith("it cannot be read:", Assert.Single(refusal.Errors));
    }

    [Fact]
    public void A_new_key_is_found_through_the_line_made_for_it_and_no_other_key_is()
    {
        var key = ApiKeys.New();
        var line = ApiKeys.KeysFileLine("alice", CallerRole.User, key, ["trailer"]);
        using var directory = new Support.TestDirectory("keys");
        var path = directory.File("keys");
        File.WriteAllLines(path, [line, $"ops operator {OpsHash}"]);

        var keyring = new AccessKeyring(Microsoft.Extensions.Options.Options.Create(new AccessOptions { KeysFile = path }));

        Assert.StartsWith(ApiKeys.Prefix, key);
        Assert.True(key.Length > 40, key);
        Assert.True(keyring.Enforced);
        Assert.Equal(new CallerIdentity("alice", CallerRole.User, ["trailer"]).ToString(), keyring.Verify(key)?.ToString());
        Assert.Equal(["trailer"], keyring.Verify(key)!.Projects);
        Assert.Equal(CallerRole.Operator, keyring.Verify("ops-key")?.Role);
        Assert.Null(keyring.Verify(ApiKeys.New()));
        Assert.Null(keyring.Verify(null));
        Assert.Null(keyring.Verify(""));
    }
}
