using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using RenderFarm.Access;
using RenderFarm.Tests.Database;

namespace RenderFarm.Tests.Access;

/// <summary>A running silo's keys follow its keys file: a key added is let in, one revoked refused, a broken file changes nothing.</summary>
public sealed class KeysFileWatcherTests
{
    private static readonly TimeSpan ChangeSeen = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_key_added_to_the_file_is_let_in_and_one_removed_is_refused_without_a_restart()
    {
        using var directory = new Support.TestDirectory("keys-watch");
        var path = directory.File("keys");
        string alice = ApiKeys.New(), bob = ApiKeys.New();
        var aliceLine = ApiKeys.KeysFileLine("alice", CallerRole.User, alice, []);
        await File.WriteAllLinesAsync(path, [aliceLine], TestContext.Current.CancellationToken);
        var (keyring, watcher, log) = await StartAsync(path);
        using (watcher)
        {
            Assert.Equal("alice", keyring.Verify(alice)?.User);
            Assert.Null(keyring.Verify(bob));

            await File.WriteAllLinesAsync(path, [ApiKeys.KeysFileLine("bob", CallerRole.Operator, bob, [])], TestContext.Current.CancellationToken);

            var reread = (await Eventually.UntilAsync(
                () => Task.FromResult(log.GetSnapshot().Where(r => r.Level == LogLevel.Information).ToList()),
                found => found.Count > 0, ChangeSeen, "the keys file read again")).Single();
            Assert.Equal(CallerRole.Operator, keyring.Verify(bob)?.Role);
            Assert.Null(keyring.Verify(alice));
            Assert.Contains("1 user(s), 1 of them operator(s)", reread.Message);
            Assert.DoesNotContain(bob, reread.Message);
        }
    }

    [Fact]
    public async Task A_change_that_breaks_the_file_or_removes_it_is_logged_by_line_and_the_keys_stay_as_they_were()
    {
        using var directory = new Support.TestDirectory("keys-watch");
        var path = directory.File("keys");
        var alice = ApiKeys.New();
        var aliceLine = ApiKeys.KeysFileLine("alice", CallerRole.User, alice, []);
        await File.WriteAllLinesAsync(path, [aliceLine], TestContext.Current.CancellationToken);
        var (keyring, watcher, log) = await StartAsync(path);
        using (watcher)
        {
            await File.WriteAllLinesAsync(path, [aliceLine, "carol admin 00"], TestContext.Current.CancellationToken);
            var broken = await ErrorAsync(log, 1);
            Assert.Contains("line 2, role: must be 'user' or 'operator'", broken);
            Assert.Contains("the 1 user(s) read before keep their keys", broken);
            Assert.Equal("alice", keyring.Verify(alice)?.User);

            await File.WriteAllLinesAsync(path, ["# nobody"], TestContext.Current.CancellationToken);
            Assert.Contains("it lists no user", await ErrorAsync(log, 2));
            Assert.Equal("alice", keyring.Verify(alice)?.User);

            File.Delete(path);
            Assert.Contains("it cannot be read", await ErrorAsync(log, 3));
            Assert.Equal("alice", keyring.Verify(alice)?.User);
        }
    }

    private static async Task<(AccessKeyring, KeysFileWatcher, FakeLogCollector)> StartAsync(string path)
    {
        var keyring = new AccessKeyring(Options.Create(new AccessOptions { KeysFile = path }));
        var logger = new FakeLogger<KeysFileWatcher>();
        var watcher = new KeysFileWatcher(keyring, logger);
        await watcher.StartAsync(TestContext.Current.CancellationToken);
        return (keyring, watcher, logger.Collector);
    }

    /// <summary>The message of the watcher's <paramref name="count"/>th error, once it is logged.</summary>
    private static async Task<string> ErrorAsync(FakeLogCollector log, int count)
    {
        var errors = await Eventually.UntilAsync(
            () => Task.FromResult(log.GetSnapshot().Where(r => r.Level == LogLevel.Error).ToList()),
            found => found.Count >= count, ChangeSeen, $"error {count} of the keys file logged",
            found => string.Join(" | ", found.Select(r => r.Message)));
        return errors[count - 1].Message;
    }
}
