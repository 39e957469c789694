using RenderFarm.Tests.Database;

namespace RenderFarm.Tests.Support;

/// <summary>
/// A detached tmux session of a fixed size running a plain shell, on a tmux server of its own (its own
/// socket, no configuration), for testing a full-screen command in a real terminal: type into it, read its screen.
/// Disposing kills the server, and with it the session and anything still running there.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    /// <summary>The shell's prompt, so that a test can tell the shell is back.</summary>
    public const string Prompt = "test-shell$ ";

    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(10);

    private readonly string socket = $"renderfarm-tests-{Guid.NewGuid():N}";
    private string? socketPath;

    private TmuxSession()
    {
    }

    /// <param name="environment">Variables for the shell, on top of this process's own.</param>
    public static async Task<TmuxSession> StartAsync(int width, int height, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var session = new TmuxSession();
        var variables = new Dictionary<string, string>(environment) { ["PS1"] = Prompt };
        try
        {
            await session.TmuxAsync([
                "new-session", "-d", "-s", "test", "-x", Number(width), "-y", Number(height), "-c", workingDirectory,
                .. variables.SelectMany(v => new[] { "-e", $"{v.Key}={v.Value}" }),
                "bash", "--norc", "--noprofile",
            ]);
            session.socketPath = (await session.TmuxAsync(["display-message", "-p", "#{socket_path}"])).Trim();
            // A copy of the screen leaves out the blanks at the ends of lines.
            await session.WaitForAsync(screen => screen.Contains(Prompt.TrimEnd(), StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the shell's prompt");
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        return session;
    }

    /// <summary>Types <paramref name="line"/> and Enter.</summary>
    public async Task TypeLineAsync(string line)
    {
        await TmuxAsync(["send-keys", "-t", "test", "-l", line]);
        await TmuxAsync(["send-keys", "-t", "test", "Enter"]);
    }

    /// <summary>Presses keys by tmux's names (<c>q</c>, <c>C-c</c>, <c>Enter</c>).</summary>
    public Task PressAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", "test", .. keys]);

    /// <summary>The screen as text, without colours.</summary>
    public async Task<string> ScreenAsync() => await TmuxAsync(["capture-pane", "-p", "-t", "test"]);

    /// <summary>Reads the screen until <paramref name="condition"/> holds; the timeout says what was awaited and shows the screen.</summary>
    public Task<string> WaitForAsync(Func<string, bool> condition, TimeSpan limit, string what) =>
        Eventually.UntilAsync(ScreenAsync, condition, limit, what, screen => $"the screen\n{screen}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync(["kill-server"]);
        }
        catch (InvalidOperationException)
        {
            // The server had already gone (its last session ended).
        }
        // A server that ends leaves its socket behind.
        if (socketPath is { Length: > 0 } && File.Exists(socketPath))
            File.Delete(socketPath);
    }

    private async Task<string> TmuxAsync(IEnumerable<string> arguments)
    {
        var result = await ToolProcess.RunAsync("tmux", ["-L", socket, "-f", "/dev/null", .. arguments], CommandLimit);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
        return result.StandardOutput;
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
