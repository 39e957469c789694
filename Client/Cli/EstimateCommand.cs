using System.CommandLine;
using System.Globalization;
using RenderFarm.Costs;

namespace RenderFarm.Cli;

/// <summary><c>estimate TIMELINE</c>: what a timeline would cost and when it would finish on a running farm, without rendering it.</summary>
internal static class EstimateCommand
{
    public static Command Create(FarmOptions farm)
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file (docs/timeline-format.md), or an OpenTimelineIO file (.otio)." };
        var deadline = new Option<DateTimeOffset?>("--deadline") { Description = "ISO-8601 time, e.g. 2026-01-31T18:00:00Z: whether it would be done by then, and on how many servers." };
        var job = new JobOptionInputs();
        var inputs = new TimelineInputs();

        var command = new Command("estimate",
            "Estimate a timeline's render time, cost (on demand and on spot) and completion on a running farm, from the pool's cost model " +
            "calibrated by its own finished work; renders nothing. Asset paths are resolved against the farm's assets root, as for submit.")
        {
            timeline, deadline,
        };
        job.AddTo(command);
        inputs.AddTo(command);
        command.SetFarmAction(farm, async (renderFarm, result, cancellationToken) =>
        {
            var file = result.GetValue(timeline)!;
            var (parsed, _) = await inputs.ReadAsync(result, file, mediaRoot: null, cancellationToken);
            var options = job.Read(result) with { Deadline = result.GetValue(deadline) };
            Write(file.Name, await renderFarm.EstimateCostAsync(parsed, options, cancellationToken));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(string name, CostEstimate estimate)
    {
        var u = estimate.Uncertainty;
        Console.WriteLine($"Estimate of {name}: {estimate.Chunks} chunk(s) on {estimate.Servers} server(s), {estimate.Slots} render slot(s)");
        Line("render time", $"{Formats.Duration(estimate.RenderTime)} ({Formats.Duration(estimate.RenderTime * (1 - u))}–{Formats.Duration(estimate.RenderTime * (1 + u))}), every piece's slot time added up");
        Line("wall time", $"{Formats.Duration(estimate.WallTime)} after a queue wait of {Formats.Duration(estimate.QueueWait)}");
        Line("on demand", Scenario(estimate.OnDemand, estimate.Currency));
        Line("spot", estimate.Spot is { } spot ? $"{Scenario(spot, estimate.Currency)} (high bound allows for reclaims)" : "no spot price for the pool's machines");
        Line("priority", $"{Scenario(estimate.PriorityDelivery, estimate.Currency)} (nothing queued ahead)");
        if (estimate.Deadline is { } deadline)
        {
            var servers = estimate.ServersForDeadline is { } n ? $"{n} server(s) of the pool's kind would meet it" : "no number of servers would meet it";
            Line("deadline", $"{Formats.Time(deadline)}: {(estimate.MeetsDeadline == true ? "met" : "missed")}; {servers}");
        }
        Line("largest chunk", Money(estimate.LargestChunkCost, estimate.Currency));
        Line("calibration", estimate.CalibrationSamples > 0
            ? $"{estimate.CalibrationSamples} finished attempt(s) of the pool, range ±{Percent(u)}"
            : $"none yet: the model's defaults, range ±{Percent(u)}");
    }

    private static string Scenario(EstimateScenario scenario, string currency) =>
        $"{Money(scenario.Cost, currency)} ({Amount(scenario.CostLow)}–{Amount(scenario.CostHigh)}), done {Formats.Time(scenario.CompletionAt)} (wall {Formats.Duration(scenario.WallTime)})";

    private static void Line(string label, string text) => Console.WriteLine($"  {label,-14} {text}");

    private static string Money(decimal amount, string currency) => $"{Amount(amount)} {currency}";

    /// <summary>Cents for amounts of a unit and more; four decimals below, where cents would all read 0.00.</summary>
    private static string Amount(decimal amount) => amount.ToString(amount >= 1 ? "0.00" : "0.0000", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => fraction.ToString("0%", CultureInfo.InvariantCulture);
}
