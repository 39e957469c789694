using System.CommandLine;
using System.Globalization;
using RenderFarm.Costs;
using RenderFarm.Nodes;
using RenderFarm.Scaling;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-autoscale-day</c>: a simulated day of job arrivals with deadlines (<see cref="DayWorkload"/>)
/// on simulated nodes (<see cref="DaySimulation"/>), run twice with the same seed: the autoscaler
/// restricted to the on-demand offers (the baseline), and choosing among spot and on-demand. Cost,
/// deadline misses, node-hours, idle share and reclaims side by side, and the cost ratio.
/// </summary>
internal static class AutoscaleDayBenchmark
{
    private static readonly DateTimeOffset Day = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
    private const double CheaperGoal = 0.60;

    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the day's arrivals and of the reclaims.", DefaultValueFactory = _ => 13 };
        var offers = new Option<string[]>("--offers") { Description = "Price catalogue keys to launch (the baseline keeps the on-demand ones).", DefaultValueFactory = _ => ["aws/us-east-1/g4dn.xlarge/spot", "aws/us-east-1/g4dn.xlarge/on-demand"], AllowMultipleArgumentsPerToken = true };
        var perFrame = new Option<double>("--seconds-per-frame") { Description = "Render time of a frame on one slot.", DefaultValueFactory = _ => 1.0 };
        var rate = new Option<double>("--reclaims-per-hour") { Description = "Spot reclaims per machine-hour, simulated and assumed by the chooser.", DefaultValueFactory = _ => AutoscalerOptions.DefaultSpotReclaimsPerHour };
        var notice = new Option<int>("--notice-seconds") { Description = "A reclaim's notice, during which the node takes no new work (EC2: 120).", DefaultValueFactory = _ => 120 };
        var boot = new Option<int>("--boot-seconds") { Description = "From launch to a node that renders.", DefaultValueFactory = _ => (int)AutoscalerOptions.DefaultBootTime.TotalSeconds };
        var maxNodes = new Option<int>("--max-nodes") { Description = "The pool's maximum nodes.", DefaultValueFactory = _ => 20 };
        var command = new Command("bench-autoscale-day", "Simulate a day of jobs with deadlines on a virtual clock: all on-demand against the autoscaler's choice of spot and on-demand.")
        {
            seed, offers, perFrame, rate, notice, boot, maxNodes,
        };
        command.SetAction(result =>
        {
            var catalogue = PriceCatalogue.Defaults;
            var chosen = result.GetValue(offers)!.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(key => catalogue.Find(key) ?? throw new ArgumentException($"--offers: {key} is not in the price catalogue"))
                .ToList();
            var options = new AutoscalerOptions
            {
                Enabled = true,
                MaxNodes = result.GetValue(maxNodes),
                SpotReclaimsPerHour = result.GetValue(rate),
                BootTime = TimeSpan.FromSeconds(result.GetValue(boot)),
            };
            var settings = new DaySimulationSettings(options, result.GetValue(perFrame), result.GetValue(rate), TimeSpan.FromSeconds(result.GetValue(notice)), result.GetValue(seed));
            var terms = chosen.Select(o => new OfferTerms(o, RenderSlotRule.ForCores(Math.Max(1, o.Cores)).Slots, options.ReclaimsPerHourOf(o))).ToList();
            var onDemand = terms.Where(t => !t.Spot).ToList();
            if (onDemand.Count == 0)
                throw new ArgumentException("--offers must hold an on-demand offer for the baseline");
            var maxSlots = options.MaxNodes * terms.Max(t => t.Slots);
            var workload = DayWorkload.Generate(settings.Seed, Day, settings.SecondsPerFrame, maxSlots, options.BootTime);
            var work = workload.Sum(j => j.Frames * settings.SecondsPerFrame) / 3600;
            AnsiConsole.MarkupLineInterpolated($"{workload.Count} jobs, {work:0.0} slot-hours of work ({workload.Count(j => j.Deadline is not null)} with deadlines), seed {settings.Seed}; {settings.SecondsPerFrame} s a frame, chunks of {DayWorkload.ChunkFrames} frames; boot {options.BootTime.TotalSeconds:0} s; {settings.ReclaimsPerHour} reclaims/h with {settings.ReclaimNotice.TotalSeconds:0} s notice");
            AnsiConsole.MarkupLineInterpolated($"offers: {string.Join(", ", terms.Select(t => $"{t.Offer.Key} {t.Offer.HourlyPrice}/h ({t.Slots} slots)"))}");

            var baseline = DaySimulation.Run(workload, onDemand, settings, Day);
            var choice = DaySimulation.Run(workload, terms, settings, Day);
            Report(baseline, choice);
            return 0;
        });
        return command;
    }

    private static void Report(DayResult baseline, DayResult choice)
    {
        var table = new Table().AddColumns("", "all on-demand", "autoscaler's choice", "choice / on-demand");
        Row(table, "cost (USD)", baseline.Cost.ToString("0.00", CultureInfo.InvariantCulture), choice.Cost.ToString("0.00", CultureInfo.InvariantCulture), F((double)(choice.Cost / baseline.Cost)));
        Row(table, "deadline misses", $"{baseline.DeadlineMisses} of {baseline.Jobs}", $"{choice.DeadlineMisses} of {choice.Jobs}", "");
        Row(table, "worst lateness", Minutes(baseline.WorstLateness), Minutes(choice.WorstLateness), "");
        Row(table, "node-hours (billed)", F(baseline.NodeHours), F(choice.NodeHours), F(choice.NodeHours / baseline.NodeHours));
        Row(table, "of them spot", F(baseline.SpotNodeHours), F(choice.SpotNodeHours), "");
        Row(table, "idle share of slot time", P(baseline.IdleShare), P(choice.IdleShare), "");
        Row(table, "of it booting", P(baseline.BootShare), P(choice.BootShare), "");
        Row(table, "machines launched", $"{baseline.Launches}", $"{choice.Launches}", "");
        Row(table, "reclaims", $"{baseline.Reclaims}", $"{choice.Reclaims}", "");
        Row(table, "slot-hours lost to reclaims", F(baseline.LostSlotHours), F(choice.LostSlotHours), "");
        Row(table, "first arrival to last job done", Minutes(baseline.LastJobEnd), Minutes(choice.LastJobEnd), "");
        AnsiConsole.Write(table);
        var cheaper = 1 - (double)(choice.Cost / baseline.Cost);
        var met = cheaper >= CheaperGoal && choice.DeadlineMisses == 0;
        AnsiConsole.MarkupLineInterpolated($"the choice is {P(cheaper)} cheaper than all on-demand with {choice.DeadlineMisses} deadline(s) missed (goal: at least {P(CheaperGoal)} cheaper, none missed: {(met ? "met" : "not met")})");
    }

    private static void Row(Table table, params string[] cells) => table.AddRow(cells.Select(c => Markup.Escape(c)).ToArray());

    private static string Minutes(TimeSpan time) => time.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours} h {time.Minutes:00} min")
        : string.Create(CultureInfo.InvariantCulture, $"{time.TotalMinutes:0} min");
}
