namespace RenderFarm.Cli;

/// <summary>
/// Watches the keyboard of an interactive command for <c>q</c> until disposed; <see cref="Pressed"/> is
/// cancelled when it comes. Ctrl+C stays a signal (the terminal's), which the command line turns into
/// its cancellation.
/// </summary>
internal sealed class QuitKey : IDisposable
{
    // How often the keyboard is looked at: a key is answered within this, at no measurable cost.
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource pressed = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task watching;

    private QuitKey() => watching = Task.Run(WatchAsync);

    public CancellationToken Pressed => pressed.Token;

    public static QuitKey Watch() => new();

    public static bool IsQuit(ConsoleKeyInfo key) => key.KeyChar is 'q' or 'Q';

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(PollPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                while (Console.KeyAvailable)
                {
                    if (IsQuit(Console.ReadKey(intercept: true)))
                    {
                        await pressed.CancelAsync();
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the command is ending.
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        watching.Wait(PollPeriod * 4);
        stopping.Dispose();
        pressed.Dispose();
    }
}
