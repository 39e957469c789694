using System.CommandLine;
using RenderFarm.Interchange;
using RenderFarm.Timelines;

namespace RenderFarm.Cli;

/// <summary><c>import TIMELINE.otio -o timeline.json</c>: converts an OpenTimelineIO timeline into the farm's own format (docs/otio-import.md).</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "OpenTimelineIO file (.otio JSON)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Timeline JSON file to write (docs/timeline-format.md).", Required = true };
        var inputs = new TimelineInputs();
        var command = new Command("import", "Convert an OpenTimelineIO timeline (.otio) into the farm's timeline format.") { timeline, output };
        inputs.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(timeline)!;
            try
            {
                var imported = await OtioImporter.ReadFileAsync(file.FullName, inputs.ReadOptions(result, mediaRoot: null), cancellationToken);
                TimelineInputs.ReportWarnings(imported.Warnings);
                var target = result.GetValue(output)!;
                await File.WriteAllTextAsync(target.FullName, TimelineJson.Write(imported.Timeline), cancellationToken);
                var converted = imported.Timeline;
                Console.WriteLine($"{target.Name}: {converted.Output.DurationFrames} frames at {converted.Output.FrameRate} fps, " +
                                  $"{converted.VideoTracks.Count} video and {converted.AudioTracks.Count} audio track(s), {converted.Assets.Count} asset(s), " +
                                  $"{imported.Warnings.Count} warning(s)");
                return ExitCodes.Success;
            }
            catch (TimelineValidationException e)
            {
                return CommandErrors.Invalid(e.Errors, "The OpenTimelineIO file cannot be converted:");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CommandErrors.Fail(e.Message);
            }
        });
        return command;
    }
}
