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
        var job = new JobOptionInputs();
        var inputs = new TimelineInputs();

        var command = new Command("submit",
            "Queue a timeline on a running farm and print the job id. Asset paths are resolved against the farm's " +
            "assets root (MediaStore:AssetsRoot of its silos), not against this machine's folder of the timeline.")
        {
            timeline, name, deadline, project, maxCost, watch,
        };
        job.AddTo(command);
        inputs.AddTo(command);
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var (parsed, otioName) = await inputs.ReadAsync(result, result.GetValue(timeline)!, mediaRoot: null, cancellationToken);
            var options = job.Read(result) with { Name = result.GetValue(name) ?? otioName, Deadline = result.GetValue(deadline), Project = result.GetValue(project), MaxCost = result.GetValue(maxCost) };
            var status = await renderFarm.SubmitJobAsync(parsed, options, cancellationToken);
            Console.WriteLine(status.JobId);
            return result.GetValue(watch)
                ? await WatchCommand.FollowAsync(renderFarm, status.JobId, status.Name, cancellationToken)
                : ExitCodes.Success;
        });
        return command;
    }
}
