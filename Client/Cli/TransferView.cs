using RenderFarm.Client.Media;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>Bars of files on their way to or from the farm: bytes, rate and time left, one row a file.</summary>
internal static class TransferView
{
    /// <summary>Standard error: standard output carries what scripts read (the job id).</summary>
    private static readonly IAnsiConsole Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });

    public static void Say(string line) => Console.WriteLine(line);

    public static async Task<T> ShowAsync<T>(string verb, Func<IProgress<TransferProgress>, Task<T>> transfer)
    {
        var result = default(T)!;
        await Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new DownloadedColumn(),
                new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var rows = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new SynchronousProgress(update =>
                {
                    lock (rows)
                    {
                        if (!rows.TryGetValue(update.Name, out var row))
                            rows[update.Name] = row = context.AddTask(Markup.Escape($"{verb} {update.Name}"), maxValue: Math.Max(update.BytesTotal, 1));
                        row.Value = update.BytesDone;
                        if (update.IsDone)
                            row.StopTask();
                    }
                });
                result = await transfer(progress);
            });
        return result;
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };

    /// <summary>Reported on the caller's thread, as the transfer goes: Progress&lt;T&gt; would post to the thread pool out of order.</summary>
    private sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
