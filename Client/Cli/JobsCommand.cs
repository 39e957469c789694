using System.CommandLine;
using System.Globalization;
using RenderFarm.Client;
using RenderFarm.Jobs;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary><c>jobs</c>: the farm's jobs, newest first, one page at a time, filtered by state, pool, submitter and project.</summary>
internal static class JobsCommand
{
    private static readonly string[] StateNames = Enum.GetNames<JobState>();

    public static Command Create(FarmOptions farm)
    {
        var states = new Option<string[]>("--state", "-s")
        {
            Description = $"Only jobs in this state; repeat for several ({string.Join(", ", StateNames)}).",
            AllowMultipleArgumentsPerToken = true,
        };
        var submitter = new Option<string?>("--submitter", "-u") { Description = "Only jobs of this submitter." };
        var project = new Option<string?>("--project") { Description = "Only jobs of this project." };
        var limit = new Option<int>("--limit", "-n") { Description = $"Jobs per page, 1 to {JobQuery.MaxLimit}.", DefaultValueFactory = _ => JobQuery.DefaultLimit };
        var page = new Option<string?>("--page") { Description = "Page token printed under the previous page." };
        var command = new Command("jobs", "List the farm's jobs, newest first (--pool: only that pool's).") { states, submitter, project, limit, page };

        Query Read(ParseResult result) => new(
            result.GetValue(states) ?? [],
            // The global --pool filters only when given: without it, every pool's jobs are listed.
            result.GetResult(farm.Pool) is { Implicit: false } ? result.GetValue(farm.Pool) : null,
            result.GetValue(submitter),
            result.GetValue(project),
            result.GetValue(limit),
            result.GetValue(page));

        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var query = Read(result);
            JobPage jobs;
            try
            {
                jobs = await renderFarm.ListJobsAsync(query.ToJobQuery(), cancellationToken);
            }
            catch (ArgumentException e)
            {
                return CommandErrors.Usage(e.Message);
            }
            Write(jobs, query);
            return ExitCodes.Success;
        }, result => Read(result).UsageError());
        return command;
    }

    private static void Write(JobPage page, Query query)
    {
        if (page.Jobs.Count == 0)
        {
            AnsiConsole.MarkupLine(query.PageToken is null ? "no jobs" : "no more jobs");
            return;
        }
        var table = new Table().AddColumns("id", "name", "submitter", "project", "pool", "state", "priority", "frames", "chunks", "submitted", "took");
        foreach (var job in page.Jobs)
        {
            table.AddRow(
                job.JobId.ToString("N")[..8],
                Markup.Escape(job.Name),
                Markup.Escape(job.Submitter),
                Markup.Escape(job.Project),
                Markup.Escape(job.Pool),
                $"[{JobProgressView.StateColor(job.State)}]{job.State}[/]",
                job.Priority.ToString(),
                $"{Number(job.FramesDone)}/{Number(job.TotalFrames)}",
                $"{Number(job.ChunksDone)}/{Number(job.ChunksTotal)}",
                Formats.Time(job.SubmittedAt),
                Formats.Duration(Took(job)));
        }
        AnsiConsole.Write(table);
        if (page.NextPageToken is { } next)
            AnsiConsole.MarkupLineInterpolated($"next page: {query.NextPageCommand(next)}");
    }

    /// <summary>From submit to finish; a job still going has taken until now.</summary>
    private static TimeSpan? Took(JobSummary job) =>
        (job.FinishedAt ?? (job.State.IsTerminal() ? null : DateTimeOffset.UtcNow)) - job.SubmittedAt;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The options as given, checked here so that a mistake is named before the farm is reached.</summary>
    private sealed record Query(string[] States, string? Pool, string? Submitter, string? Project, int Limit, string? PageToken)
    {
        public string? UsageError()
        {
            var unknown = States.Where(s => !StateNames.Contains(s, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (unknown.Length > 0)
                return $"--state {string.Join(", ", unknown)}: not a job state; the states are {string.Join(", ", StateNames)}";
            if (Limit is < 1 or > JobQuery.MaxLimit)
                return $"--limit must be between 1 and {JobQuery.MaxLimit} (was {Limit})";
            try
            {
                JobIndexKey.FromPageToken(PageToken);
            }
            catch (ArgumentException)
            {
                return $"--page {PageToken}: not a page token printed by jobs";
            }
            return null;
        }

        public JobQuery ToJobQuery() => new()
        {
            States = States.Select(s => Enum.Parse<JobState>(s, ignoreCase: true)).ToArray(),
            Pool = Pool,
            Submitter = Submitter,
            Project = Project,
            Limit = Limit,
            PageToken = PageToken,
        };

        public string NextPageCommand(string token)
        {
            var words = new List<string> { "renderfarm", "jobs" };
            foreach (var state in States)
                words.AddRange(["--state", state]);
            if (Pool is not null)
                words.AddRange(["--pool", Quote(Pool)]);
            if (Submitter is not null)
                words.AddRange(["--submitter", Quote(Submitter)]);
            if (Project is not null)
                words.AddRange(["--project", Quote(Project)]);
            if (Limit != JobQuery.DefaultLimit)
                words.AddRange(["--limit", Number(Limit)]);
            words.AddRange(["--page", token]);
            return string.Join(' ', words);
        }

        private static string Quote(string value) =>
            value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@') ? value : $"'{value.Replace("'", "'\\''")}'";
    }
}
