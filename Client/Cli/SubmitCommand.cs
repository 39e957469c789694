using System.CommandLine;
using RenderFarm.Timelines;

namespace RenderFarm.Cli;

/// <summary><c>submit TIMELINE</c>: queues a timeline on a running farm and prints the job id; with <c>--watch</c>, follows it to the end.</summary>
internal static class SubmitCommand
{
    public static Command Create(FarmOptions farm)
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file (docs/timeline-format.md), or an OpenTimelineIO file (.otio)." };
        var name = new Option<string?>("--name", "-n") { Description = "Name shown in status listings (default: the start of the job id)." };
        var deadline = new Option<DateTimeOffset?>("--deadline") { Description = "ISO-8601 time, e.g. 2026-01-31T18:00:00Z: within a priority class, nearer deadlines go first." };
        var project = new Option<string?>("--project") { Description = "Who pays for the job (default: RenderFarm__Project, else the farm's default project)." };
        var maxCost = new Option<decimal?>("--max-cost") { Description = "The most the job may cost, in the farm's currency: refused if its estimate is over; held at the cap (raise it with 'budget') if its real cost would pass it." };
        var watch = new Option<bool>("--watch", "-w") { Description = "Show the job's progress until it ends; exit 0 only if it completed." };
        var upload = new Option<bool>("--upload", "-u") { Description = "Send the media from this machine (the --assets folder, else the timeline's) to the farm's store first; only what the farm lacks travels." };
        var assets = new Option<DirectoryInfo?>("--assets") { Description = "With --upload (which it implies): the folder on this machine the timeline's asset paths are relative to." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "With --watch: once the job completes, download its output here (checked against its SHA-256)." };
        var job = new JobOptionInputs();
        var inputs = new TimelineInputs();

        var command = new Command("submit",
            "Queue a timeline on a running farm and print the job id. Without --upload, asset paths are resolved against the farm's " +
            "assets root (MediaStore:AssetsRoot of its silos); with it, the media on this machine is sent to the farm's store first.")
        {
            timeline, name, deadline, project, maxCost, watch, upload, assets, output,
        };
        job.AddTo(command);
        inputs.AddTo(command);
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var file = result.GetValue(timeline)!;
            var (parsed, otioName) = await inputs.ReadAsync(result, file, mediaRoot: null, cancellationToken);
            if (result.GetValue(upload) || result.GetValue(assets) is not null)
                parsed = await UploadAsync(renderFarm, parsed, result.GetValue(assets)?.FullName ?? file.DirectoryName!, cancellationToken);
            var options = job.Read(result) with { Name = result.GetValue(name) ?? otioName, Deadline = result.GetValue(deadline), Project = result.GetValue(project), MaxCost = result.GetValue(maxCost) };
            var status = await renderFarm.SubmitJobAsync(parsed, options, cancellationToken);
            Console.WriteLine(status.JobId);
            if (!result.GetValue(watch))
                return ExitCodes.Success;
            var outcome = await WatchCommand.FollowAsync(renderFarm, status.JobId, status.Name, cancellationToken);
            if (outcome == ExitCodes.Success && result.GetValue(output) is { } target)
                await DownloadCommand.FetchAsync(renderFarm, status.JobId, target, cancellationToken);
            return outcome;
        }, result => result.GetValue(output) is not null && !result.GetValue(watch) ? "--output needs --watch: the file is downloaded once the job completes (or use 'download JOB -o OUT' later)" : null);
        return command;
    }

    private static async Task<Timeline> UploadAsync(Client.IRenderFarm renderFarm, Timeline timeline, string folder, CancellationToken cancellationToken)
    {
        var uploaded = await TransferView.ShowAsync("upload", progress => renderFarm.UploadAssetsAsync(timeline, folder, progress, cancellationToken));
        TransferView.Say($"uploaded {uploaded.AssetsSent} asset(s), {TransferView.Bytes(uploaded.BytesSent)} sent; " +
            $"{TransferView.Bytes(uploaded.BytesAlreadyHeld)} already on the farm ({uploaded.AssetsAlreadyHeld} asset(s) whole)");
        return uploaded.Timeline;
    }
}
