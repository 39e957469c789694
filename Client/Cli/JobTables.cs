using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Scheduling;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>A job as tables: its facts, then one row per chunk.</summary>
internal static class JobTables
{
    public static void Write(JobStatus status)
    {
        var job = new Table().AddColumns("", "");
        job.HideHeaders();
        job.AddRow("Job", status.JobId.ToString());
        job.AddRow("Name", Markup.Escape(status.Name));
        job.AddRow("State", $"[{JobProgressView.StateColor(status.State)}]{status.State}[/]");
        job.AddRow("Priority", status.Priority.ToString());
        job.AddRow("Pool", Markup.Escape(status.Pool));
        job.AddRow("Submitter", Markup.Escape(status.Submitter));
        job.AddRow("Project", Markup.Escape(status.Project));
        job.AddRow("Frames", $"{status.FramesDone}/{status.TotalFrames}");
        job.AddRow("Chunks", $"{status.ChunksDone}/{status.Chunks.Count} completed");
        job.AddRow("Submitted", Formats.Time(status.SubmittedAt));
        job.AddRow("Started", Formats.Time(status.StartedAt));
        job.AddRow("Finished", Formats.Time(status.FinishedAt));
        job.AddRow("Elapsed", Formats.Duration(status.Elapsed));
        if (status.Deadline is { } deadline)
            job.AddRow("Deadline", status.Outlook is { } outlook
                ? $"{Formats.Time(deadline)} ([{(outlook.OnTrack ? "green]on track" : "red]at risk")}[/]: expected {Formats.Time(outlook.ExpectedEnd)}, from its {outlook.Basis})"
                : status.FinishedAt is { } finished ? $"{Formats.Time(deadline)} ({(finished <= deadline ? "met" : "missed")})" : Formats.Time(deadline));
        CostRows(job, status.Cost);
        if (status.Locality is { Starts: > 0 } locality)
            job.AddRow("Data locality", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{locality.StartsWithAllHeld} of {locality.Starts} starts found their uploaded assets on the node ({locality.Share:P0}); {locality.AssetsHeld} of {locality.AssetsNeeded} assets were not fetched"));
        if (status.OutputRemovedAt is { } removed)
            job.AddRow("Output (farm's media store)", $"[grey]removed at {Formats.Time(removed)}: its time under the farm's retention was over[/]");
        else if (status.OutputPath is not null)
            job.AddRow("Output (farm's media store)", Markup.Escape(status.OutputPath));
        if (status.Error is not null)
            job.AddRow("Error", $"[red]{Markup.Escape(status.Error)}[/]");
        foreach (var refusal in status.Refusals)
            job.AddRow("Refused", $"[yellow]{Markup.Escape(refusal.Field)}[/]: {Markup.Escape(refusal.Rule)}");
        AnsiConsole.Write(job);
        if (status.Chunks.Count > 0)
            AnsiConsole.Write(Chunks([.. status.Chunks, .. new[] { status.Sound, status.Merge }.OfType<ChunkStatus>()]));
    }

    private static void CostRows(Table job, JobCost cost)
    {
        if (cost.Estimate is { } estimate)
            job.AddRow("Estimated cost", $"{Formats.Money(estimate.Cost, cost.Currency)} ({Formats.Money(estimate.OnDemand.CostLow, cost.Currency)} to {Formats.Money(estimate.OnDemand.CostHigh, cost.Currency)}), " +
                                         $"done by {Formats.Time(estimate.CompletionAt)}");
        job.AddRow("Cost", cost.Running > 0
            ? $"{Formats.Money(cost.Actual, cost.Currency)} ({Formats.Money(cost.Billed, cost.Currency)} billed, {Formats.Money(cost.Running, cost.Currency)} running)"
            : Formats.Money(cost.Billed, cost.Currency));
        if (cost.Cap is { } cap)
            job.AddRow("Cost cap", Formats.Money(cap, cost.Currency));
        if (cost.Hold is { } hold)
            job.AddRow("Held", $"[yellow]{Markup.Escape(hold)}[/]");
    }

    private static Table Chunks(IReadOnlyList<ChunkStatus> chunks)
    {
        var table = new Table().AddColumns("piece", "frames", "done", "state", "attempts", "node", "nodes tried");
        foreach (var chunk in chunks)
        {
            table.AddRow(
                chunk.Kind == WorkKind.Chunk ? chunk.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : chunk.Kind.ToString().ToLowerInvariant(),
                Markup.Escape(chunk.Range.ToString()),
                $"{chunk.FramesDone}/{chunk.Range.Count}",
                $"[{StateColor(chunk.State)}]{chunk.State}[/]",
                chunk.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(chunk.Node ?? "-"),
                Markup.Escape(chunk.NodesTried.Count == 0 ? "-" : string.Join(", ", chunk.NodesTried)));
        }
        return table;
    }

    private static string StateColor(ChunkState state) => state switch
    {
        ChunkState.Completed => "green",
        ChunkState.Failed => "red",
        ChunkState.Cancelled => "yellow",
        ChunkState.Queued => "grey",
        _ => "blue",
    };
}
