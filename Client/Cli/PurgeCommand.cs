using System.CommandLine;
using RenderFarm.Media;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>
/// <c>purge [--outputs-older-than T] [--assets-unused-for T] [--uploads-idle-for T] [--dry-run]</c>: for an
/// operator, removes from the media store what the farm's retention lets go, now, by its times or these.
/// </summary>
internal static class PurgeCommand
{
    public static Command Create(FarmOptions farm)
    {
        var outputs = new Option<TimeSpan?>("--outputs-older-than") { Description = "Remove the outputs of jobs that ended this long ago (d.hh:mm:ss, e.g. 7.00:00:00; 0 for every ended job). Default: the farm's Retention:OutputsFor." };
        var assets = new Option<TimeSpan?>("--assets-unused-for") { Description = "Remove uploaded assets no job has used for this long and none running uses. Default: the farm's Retention:AssetsUnusedFor." };
        var uploads = new Option<TimeSpan?>("--uploads-idle-for") { Description = "Remove the parts of uploads nothing was added to for this long. Default: the farm's Retention:UploadsIdleFor." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would go; remove nothing." };
        var command = new Command("purge", "Remove from the farm's media store the outputs, unused assets and abandoned uploads whose time is over.") { outputs, assets, uploads, dryRun };
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var request = new PurgeRequest
            {
                OutputsOlderThan = result.GetValue(outputs),
                AssetsUnusedFor = result.GetValue(assets),
                UploadsIdleFor = result.GetValue(uploads),
                DryRun = result.GetValue(dryRun),
            };
            try
            {
                Write(await renderFarm.PurgeMediaAsync(request, cancellationToken));
                return ExitCodes.Success;
            }
            catch (ArgumentOutOfRangeException e)
            {
                return CommandErrors.Usage(e.Message.Replace(nameof(PurgeRequest.OutputsOlderThan), "--outputs-older-than")
                    .Replace(nameof(PurgeRequest.AssetsUnusedFor), "--assets-unused-for").Replace(nameof(PurgeRequest.UploadsIdleFor), "--uploads-idle-for"));
            }
        });
        return command;
    }

    private static void Write(PurgeReport report)
    {
        var verb = report.DryRun ? "would remove" : "removed";
        var table = new Table().AddColumns("kind", "kept since", verb, "bytes");
        table.AddRow("outputs of ended jobs", Since(report.OutputsEndedBefore), Count(report.Outputs), TransferView.Bytes(report.OutputBytes));
        table.AddRow("unused assets", Since(report.AssetsUnusedSince), Count(report.Assets), TransferView.Bytes(report.AssetBytes));
        table.AddRow("abandoned uploads", Since(report.UploadsIdleSince), Count(report.Uploads), TransferView.Bytes(report.UploadBytes));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{(report.DryRun ? "dry run: nothing removed; " : "")}{TransferView.Bytes(report.Bytes)} in all");
        if (report.AssetsInUse > 0)
            AnsiConsole.MarkupLineInterpolated($"{report.AssetsInUse} asset(s) past their time kept: a job not yet ended uses them");
        foreach (var error in report.Errors)
            AnsiConsole.MarkupLineInterpolated($"[yellow]not purged: {error}[/]");
    }

    private static string Since(DateTimeOffset? cutoff) => cutoff is { } at ? $"before {Formats.Time(at)}" : "kept for ever";

    private static string Count(int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
