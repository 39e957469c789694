using RenderFarm.Client;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>Cancelling a job once the command itself was interrupted (its own token is already cancelled).</summary>
internal static class JobCancellation
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task CancelAsync(IRenderFarm farm, Guid jobId)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var status = await farm.CancelJobAsync(jobId, timeout.Token);
        AnsiConsole.MarkupLineInterpolated($"[yellow]Interrupted: job {jobId} is {status.State.ToString().ToLowerInvariant()}.[/]");
    }
}
