using System.CommandLine;
using System.Globalization;
using RenderFarm.Jobs;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>priority JOB-ID [--priority P] [--deadline ISO-8601 | --no-deadline]</c>: changes a submitted job's priority class and deadline.</summary>
internal static class PriorityCommand
{
    public static Command Create(FarmOptions farm)
    {
        var jobId = new Argument<Guid>("job-id") { Description = "Id printed by submit." };
        var priority = new Option<JobPriority?>("--priority", "-p") { Description = "The new priority class: low, normal, high or urgent." };
        var deadline = new Option<DateTimeOffset?>("--deadline") { Description = "The new deadline, an ISO-8601 time in the future, e.g. 2026-01-31T18:00:00Z." };
        var noDeadline = new Option<bool>("--no-deadline") { Description = "Drop the job's deadline." };
        var command = new Command("priority",
            "Change a queued or running job's priority class or deadline; its work waiting for a slot is ordered by them from the next dispatch on.")
        {
            jobId, priority, deadline, noDeadline,
        };

        PriorityChange Read(ParseResult result) => new()
        {
            Priority = result.GetValue(priority),
            Deadline = result.GetValue(deadline),
            ClearDeadline = result.GetValue(noDeadline),
        };

        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var change = Read(result);
            try
            {
                var status = await renderFarm.SetJobPriorityAsync(result.GetValue(jobId), change, cancellationToken);
                var due = change.ClearDeadline ? "no deadline"
                    : change.Deadline is { } time ? $"deadline {time.ToString("u", CultureInfo.InvariantCulture)}"
                    : "its deadline unchanged";
                AnsiConsole.MarkupLineInterpolated($"Job {status.JobId} is [{JobProgressView.StateColor(status.State)}]{status.State}[/] at priority {status.Priority}, {due}.");
                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                return CommandErrors.Usage(e.Message);
            }
            catch (InvalidOperationException e)
            {
                return CommandErrors.Fail(e.Message);
            }
        }, result => UsageError(Read(result), DateTimeOffset.UtcNow));
        return command;
    }

    /// <summary>What is wrong with the options before the farm is asked (the farm checks again, by its own clock).</summary>
    private static string? UsageError(PriorityChange change, DateTimeOffset now) => change switch
    {
        { Priority: null, Deadline: null, ClearDeadline: false } => "Give --priority, --deadline or --no-deadline: nothing would change.",
        { Deadline: not null, ClearDeadline: true } => "Give --deadline or --no-deadline, not both.",
        { Deadline: { } time } when time <= now => $"--deadline must be in the future (was {time.ToString("u", CultureInfo.InvariantCulture)}).",
        _ => null,
    };
}
