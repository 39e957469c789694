using System.CommandLine;
using Microsoft.Extensions.Logging;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Timelines;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>
/// <c>render TIMELINE -o OUT</c>: renders a timeline on a one-silo farm started inside this process
/// (the same grains, scheduler and render worker as a farm of many machines), then copies the result
/// to the output file. Ctrl+C cancels the job.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file (docs/timeline-format.md), or an OpenTimelineIO file (.otio)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "File to write.", Required = true };
        var assets = new Option<DirectoryInfo?>("--assets", "-a") { Description = "Folder the timeline's asset paths are relative to (default: the timeline's folder)." };
        var slots = new Option<int?>("--slots", "-s")
        {
            Description = "Chunks rendered at once on this machine (render slots; default: the machine's, " +
                          $"{EmbeddedFarmOptions.MachineRenderSlots} for its {Environment.ProcessorCount} cores).",
        };
        slots.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > EmbeddedFarmOptions.MaxRenderSlots)
                result.AddError($"--slots must be between 1 and {EmbeddedFarmOptions.MaxRenderSlots}");
        });
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show the in-process farm's warnings and errors (its log)." };
        var job = new JobOptionInputs();
        var inputs = new TimelineInputs();

        var command = new Command("render", "Render a timeline to a file on this machine, on a farm started in this process.") { timeline, output, assets, slots, verbose };
        job.AddTo(command);
        inputs.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var timelineFile = result.GetValue(timeline)!;
            var farmOptions = new EmbeddedFarmOptions
            {
                AssetsRoot = result.GetValue(assets)?.FullName ?? timelineFile.DirectoryName!,
                StoreRoot = Path.Combine(Path.GetTempPath(), $"renderfarm-cli-{Guid.NewGuid():N}"),
                RenderSlots = result.GetValue(slots) ?? EmbeddedFarmOptions.MachineRenderSlots,
                MinimumLogLevel = result.GetValue(verbose) ? LogLevel.Warning : LogLevel.None,
            };
            try
            {
                // An OTIO file's absolute media paths under the assets folder become asset paths.
                var (parsed, _) = await inputs.ReadAsync(result, timelineFile, farmOptions.AssetsRoot, cancellationToken);
                await using var farm = await StartFarmAsync(farmOptions, cancellationToken);
                return await RenderAsync(farm.Farm, parsed, job.Read(result) with { Name = timelineFile.Name }, result.GetValue(output)!, cancellationToken);
            }
            catch (Exception e)
            {
                return CommandErrors.Report(e);
            }
            finally
            {
                if (Directory.Exists(farmOptions.StoreRoot))
                    Directory.Delete(farmOptions.StoreRoot, recursive: true);
            }
        });
        return command;
    }

    private static async Task<EmbeddedRenderFarm> StartFarmAsync(EmbeddedFarmOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await EmbeddedRenderFarm.StartAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Could not start the farm in this process: {e.Message}", e);
        }
    }

    private static async Task<int> RenderAsync(IRenderFarm farm, Timeline timeline, JobOptions options, FileInfo output, CancellationToken cancellationToken)
    {
        var submitted = await farm.SubmitJobAsync(timeline, options, cancellationToken);
        try
        {
            await JobProgressView.ShowAsync(farm, submitted.JobId, submitted.Name, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await JobCancellation.CancelAsync(farm, submitted.JobId);
            return ExitCodes.Interrupted;
        }

        var status = await farm.GetJobStatusAsync(submitted.JobId, cancellationToken);
        if (status.State != JobState.Completed)
            return JobOutcome.ExitCode(status, "Render");
        output.Directory?.Create();
        File.Copy(status.OutputPath!, output.FullName, overwrite: true);
        RenderSummary.Write(status, output.FullName);
        return ExitCodes.Success;
    }
}
