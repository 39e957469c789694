using System.CommandLine;
using System.Globalization;
using RenderFarm.Client;
using RenderFarm.Metrics;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>
/// <c>top [--interval SECONDS]</c>: a live dashboard of the pool, read again every interval, until
/// <c>q</c> (exit 0) or Ctrl+C (exit 130). When standard input or output is not a terminal it prints
/// one reading instead, its rates over one interval (at least 2 s), and exits.
/// </summary>
internal static class TopCommand
{
    public const double DefaultIntervalSeconds = 1;
    public const double MinIntervalSeconds = 0.1;
    public const double MaxIntervalSeconds = 3600;

    /// <summary>The least time a printed reading's rates are measured over: running chunks report progress about once a second.</summary>
    private static readonly TimeSpan SnapshotRateWindow = TimeSpan.FromSeconds(2);

    /// <summary>The width of a reading written to a file or a pipe.</summary>
    private const int SnapshotWidth = 200;

    public static Command Create(FarmOptions farm)
    {
        var interval = new Option<double>("--interval")
        {
            Description = $"Seconds between readings, {Number(MinIntervalSeconds)} to {Number(MaxIntervalSeconds)}.",
            DefaultValueFactory = _ => DefaultIntervalSeconds,
        };
        var command = new Command("top", "A live dashboard of the pool: nodes, slots, queue, frames per second, active jobs (q quits). " +
            "Not in a terminal, it prints one reading.") { interval };
        command.SetFarmAction(farm, (renderFarm, result, cancellationToken) =>
        {
            var every = TimeSpan.FromSeconds(result.GetValue(interval));
            return Console.IsInputRedirected || Console.IsOutputRedirected
                ? SnapshotAsync(renderFarm, every, cancellationToken)
                : LiveAsync(renderFarm, every, cancellationToken);
        }, result => IntervalError(result.GetValue(interval)));
        return command;
    }

    public static string? IntervalError(double seconds) =>
        seconds is >= MinIntervalSeconds and <= MaxIntervalSeconds
            ? null
            : $"--interval must be between {Number(MinIntervalSeconds)} and {Number(MaxIntervalSeconds)} seconds (was {Number(seconds)})";

    private static async Task<int> SnapshotAsync(IRenderFarm farm, TimeSpan interval, CancellationToken cancellationToken)
    {
        var first = await farm.GetMetricsAsync(cancellationToken: cancellationToken);
        await Task.Delay(interval > SnapshotRateWindow ? interval : SnapshotRateWindow, cancellationToken);
        var reading = await farm.GetMetricsAsync(first, cancellationToken);
        // Output for a script or a file gets every column, one line a row; a terminal keeps its width.
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = SnapshotWidth;
        AnsiConsole.Write(TopScreen.Render(reading, AnsiConsole.Profile.Width, int.MaxValue, interactive: false));
        return ExitCodes.Success;
    }

    private static async Task<int> LiveAsync(IRenderFarm farm, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var quit = QuitKey.Watch();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quit.Pressed);
        try
        {
            using var screen = AlternateScreen.Open(AnsiConsole.Console);
            await AnsiConsole.Live(new Text("reading the farm…"))
                .Overflow(VerticalOverflow.Ellipsis)
                .Cropping(VerticalOverflowCropping.Bottom)
                .StartAsync(async context =>
                {
                    FarmMetrics? last = null;
                    while (true)
                    {
                        last = await farm.GetMetricsAsync(last, stop.Token);
                        // The size is asked every time: the terminal may have been resized.
                        context.UpdateTarget(TopScreen.Render(last, AnsiConsole.Profile.Width, AnsiConsole.Profile.Height, interactive: true));
                        context.Refresh();
                        await Task.Delay(interval, stop.Token);
                    }
                });
        }
        catch (OperationCanceledException) when (quit.Pressed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return CommandErrors.Interrupted();
        }
        return ExitCodes.Success;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
