using RenderFarm.Notifications;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>A job's delivery log as a table: one row per delivery, with its tries and what the last one got.</summary>
internal static class NotificationTable
{
    public static void Write(IReadOnlyList<DeliveryRecord> deliveries)
    {
        if (deliveries.Count == 0)
            return;
        var table = new Table().Title("Notifications").AddColumns("Event", "Target", "State", "Tries", "Last answer", "Next try");
        foreach (var delivery in deliveries)
        {
            var state = delivery.State switch
            {
                DeliveryState.Delivered => "[green]delivered[/]",
                DeliveryState.GaveUp => "[red]given up[/]",
                _ => "[yellow]pending[/]",
            };
            table.AddRow(delivery.Event.ToString(), Markup.Escape(delivery.Target), state, delivery.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(delivery.Tries.LastOrDefault()?.Outcome ?? ""), Formats.Time(delivery.NextTryAt));
        }
        AnsiConsole.Write(table);
    }
}
