using System.CommandLine;
using System.Globalization;
using RenderFarm.Costs;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>
/// <c>billing</c>: a bill to the cent — of a job (every attempt), a user (optionally of one project), a
/// project, or the pool (the cluster's, with uptime and idle time, the default) — for a month or days.
/// </summary>
internal static class BillingCommand
{
    public static Command Create(FarmOptions farm)
    {
        var job = new Option<Guid?>("--job") { Description = "A job's bill, every attempt of it." };
        var user = new Option<string?>("--user") { Description = "A user's bill (with --project: of that project only)." };
        var project = new Option<string?>("--project") { Description = "A project's bill." };
        var month = new Option<string?>("--month") { Description = "The days of a month, YYYY-MM (UTC)." };
        var from = new Option<DateOnly?>("--from") { Description = "First day (UTC), YYYY-MM-DD." };
        var to = new Option<DateOnly?>("--to") { Description = "Last day (UTC), YYYY-MM-DD." };
        var command = new Command("billing", "A bill to the cent: of a job, a user, a project, or (default) the pool with its machines' uptime and idle time.")
        {
            job, user, project, month, from, to,
        };
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var query = new BillingQuery
            {
                JobId = result.GetValue(job),
                User = result.GetValue(user),
                Project = result.GetValue(project),
                From = result.GetValue(from),
                To = result.GetValue(to),
            };
            if (query is { JobId: null, User: null, Project: null })
                query = query with { Pool = result.GetValue(farm.Pool) };
            if (result.GetValue(month) is { } text)
            {
                if (!DateOnly.TryParseExact($"{text}-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
                    return CommandErrors.Usage($"--month: must be YYYY-MM (was {text})");
                if (query.From is not null || query.To is not null)
                    return CommandErrors.Usage("--month cannot be combined with --from or --to");
                query = query.InMonth(first.Year, first.Month);
            }
            try
            {
                Write(await renderFarm.GetBillingAsync(query, cancellationToken));
                return ExitCodes.Success;
            }
            catch (ArgumentException e)
            {
                return CommandErrors.Usage(e.Message);
            }
        });
        return command;
    }

    private static void Write(Bill bill)
    {
        var period = bill.From is null && bill.To is null ? "all time" : $"{bill.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"} to {bill.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}";
        AnsiConsole.MarkupLineInterpolated($"[bold]Bill of {bill.Subject}[/], {period}");
        if (bill.Attempts.Count > 0)
        {
            var attempts = new Table().AddColumns("piece", "attempt", "node", "machine", "ended", "started", "seconds", "amount");
            foreach (var a in bill.Attempts)
                attempts.AddRow(Markup.Escape(a.Piece), Number(a.Attempt), Markup.Escape(a.Node), Markup.Escape(a.Instance), a.Outcome, Formats.Time(a.StartedAt), Number(a.Seconds), Formats.Money(a.Amount, bill.Currency));
            AnsiConsole.Write(attempts);
        }
        else if (bill.Jobs.Count > 0)
        {
            var jobs = new Table().AddColumns("job", "name", "user", "project", "pool", "slot seconds", "amount");
            foreach (var line in bill.Jobs)
                jobs.AddRow(line.JobId.ToString(), Markup.Escape(line.Name), Markup.Escape(line.User), Markup.Escape(line.Project), Markup.Escape(line.Pool), Number(line.SlotSeconds), Formats.Money(line.Amount, bill.Currency));
            AnsiConsole.Write(jobs);
        }
        AnsiConsole.MarkupLineInterpolated($"Work: {Formats.Money(bill.Work, bill.Currency)} ({Number(bill.SlotSeconds)} slot seconds)");
        if (bill.Reclaims is { } reclaims)
            AnsiConsole.MarkupLineInterpolated($"Reclaimed: {reclaims.Attempts} attempt(s) stopped for a machine's reclaim; kept {reclaims.FramesKept} frames ({Formats.Money(reclaims.Kept, bill.Currency)}, part of the work), lost {reclaims.FramesLost} ({Formats.Money(reclaims.Lost, bill.Currency)})");
        if (bill.Uptime is { } uptime)
        {
            AnsiConsole.MarkupLineInterpolated($"Machines up: {Formats.Money(uptime.Cost, bill.Currency)} ({uptime.Machines} run(s), {Number(uptime.Seconds)} s)");
            AnsiConsole.MarkupLineInterpolated($"Idle: {Formats.Money(bill.Idle, bill.Currency)}");
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]Total: {Formats.Money(bill.Total, bill.Currency)}[/]");
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
