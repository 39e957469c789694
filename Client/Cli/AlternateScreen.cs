using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>
/// The terminal's alternate screen (as <c>top</c> and <c>less</c> use it) with the cursor hidden, for as
/// long as it is not disposed: a full-screen view draws there, and the shell's screen comes back as it
/// was. A terminal without it (or without ANSI) keeps its one screen.
/// </summary>
internal sealed class AlternateScreen : IDisposable
{
    private const string Enter = "\u001b[?1049h\u001b[H";
    private const string Leave = "\u001b[?1049l";

    private readonly IAnsiConsole console;
    private readonly bool entered;

    private AlternateScreen(IAnsiConsole console)
    {
        this.console = console;
        entered = console.Profile.Capabilities.Ansi && console.Profile.Capabilities.AlternateBuffer;
        if (entered)
            console.Write(new ControlCode(Enter));
        console.Cursor.Hide();
    }

    public static AlternateScreen Open(IAnsiConsole console) => new(console);

    public void Dispose()
    {
        console.Cursor.Show();
        if (entered)
            console.Write(new ControlCode(Leave));
    }
}
