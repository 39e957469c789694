using System.Globalization;
using RenderFarm.Metrics;
using RenderFarm.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RenderFarm.Cli;

/// <summary>
/// One reading of the farm as <c>top</c> shows it, for a terminal of the given size: the status line,
/// the active jobs with progress bars, the nodes with bars of their slots, CPU and memory. A narrow
/// terminal loses the less needed columns, a short one the rows that do not fit (counted in a caption).
/// </summary>
internal static class TopScreen
{
    /// <summary>Narrower than this, the tables leave out submitter, priority, rates and uptime.</summary>
    public const int WideWidth = 120;

    /// <summary>Narrower than this, also the jobs' chunks and elapsed time and the nodes' failures and last report: a job's row fits 80 columns.</summary>
    public const int NarrowWidth = 100;

    // Lines besides the table rows: the status line, the hint, and each table's title, header, rules and caption.
    private const int FixedLines = 12;

    public static IRenderable Render(FarmMetrics metrics, int width, int height, bool interactive)
    {
        var layout = new Layout(width >= WideWidth, width >= NarrowWidth);
        var rows = Math.Max(2, height - FixedLines);
        var nodeRows = Math.Clamp(metrics.Nodes.Count, 1, Math.Max(1, rows / 2));
        var jobRows = Math.Max(1, rows - Math.Min(nodeRows, metrics.Nodes.Count));
        var parts = new List<IRenderable> { StatusLine(metrics) };
        if (interactive)
            parts.Add(new Markup("[grey]q quits, Ctrl+C interrupts[/]"));
        parts.Add(Jobs(metrics, jobRows, layout));
        parts.Add(Nodes(metrics, nodeRows, layout));
        return new Rows(parts);
    }

    private static Markup StatusLine(FarmMetrics m)
    {
        var fields = new List<string>
        {
            $"[bold]pool[/] {Markup.Escape(m.Pool)}",
            $"[bold]nodes[/] {m.NodesActive}/{m.NodesTotal} active",
            $"[bold]slots[/] {m.SlotsBusy}/{m.Slots} busy",
            $"[bold]queue[/] {m.Queued}",
            $"[bold]running[/] {m.Running}",
            $"[bold]frames/s[/] {Rate(m.FramesPerSecond)}",
            $"[bold]jobs[/] {m.ActiveJobCount} active",
            $"[bold]cost[/] {Markup.Escape(Formats.Money(m.HourlyCost, m.Currency))}/h",
            $"[grey]{m.ReadAt.ToLocalTime():HH:mm:ss}[/]",
        };
        if (m.Paused)
            fields.Add("[red bold]PAUSED[/] (resume --all)");
        return new Markup(string.Join("  ", fields));
    }

    private static IRenderable Jobs(FarmMetrics m, int rows, Layout layout)
    {
        var table = new Table().Border(TableBorder.Simple).Title("[bold]active jobs[/]").Expand();
        table.AddColumns("job", "name");
        if (layout.Wide)
            table.AddColumns("submitter", "priority");
        table.AddColumns("state", "progress", "frames");
        if (layout.Normal)
            table.AddColumns("chunks", "elapsed");
        table.AddColumn("ETA");
        if (layout.Normal)
            table.AddColumn("cost");
        if (layout.Wide)
            table.AddColumn("frames/s");
        if (m.Jobs.Count == 0)
            return table.Caption("[grey]no active jobs[/]");
        foreach (var job in m.Jobs.Take(rows))
        {
            var cells = new List<IRenderable> { new Text(job.JobId.ToString("N")[..8]), new Text(job.Name) };
            if (layout.Wide)
                cells.AddRange([new Text(job.Submitter), new Text(job.Priority.ToString())]);
            cells.AddRange([
                new Markup($"[{JobProgressView.StateColor(job.State)}]{job.State}[/]"),
                new ProgressBarCell(job.Progress, Percent(job.Progress), Color.Green),
                new Text($"{job.FramesDone}/{job.TotalFrames}"),
            ]);
            if (layout.Normal)
                cells.AddRange([
                    new Text(job.ChunksRunning > 0 ? $"{job.ChunksDone}/{job.ChunksTotal} (+{job.ChunksRunning})" : $"{job.ChunksDone}/{job.ChunksTotal}"),
                    new Text(Formats.Duration(job.Elapsed)),
                ]);
            cells.Add(new Text(Formats.Duration(job.Eta)));
            if (layout.Normal)
                cells.Add(new Text(job.Cap is { } cap ? $"{Formats.Money(job.Cost, job.Currency)} of {Formats.Money(cap, job.Currency)}" : Formats.Money(job.Cost, job.Currency)));
            if (layout.Wide)
                cells.Add(new Text(Rate(job.FramesPerSecond)));
            table.AddRow(cells);
        }
        // The index's count may lag a job's own status by a moment.
        return More(table, Math.Max(m.ActiveJobCount, m.Jobs.Count) - Math.Min(rows, m.Jobs.Count), "job");
    }

    private static IRenderable Nodes(FarmMetrics m, int rows, Layout layout)
    {
        var table = new Table().Border(TableBorder.Simple).Title("[bold]nodes[/]").Expand();
        table.AddColumns("node", "state", "slots busy", "CPU", "memory", "chunks done");
        if (layout.Normal)
            table.AddColumn("failed");
        if (layout.Wide)
            table.AddColumns("frames/s", "uptime");
        if (layout.Normal)
            table.AddColumn("last report");
        if (m.Nodes.Count == 0)
            return table.Caption("[grey]no render node has registered[/]");
        foreach (var node in m.Nodes.Take(rows))
        {
            var cells = new List<IRenderable>
            {
                new Text(node.NodeId),
                new Markup(node.State == NodeState.Ready ? $"[green]{node.State}[/]" : $"[yellow]{node.State}[/]"),
                new ProgressBarCell(node.Slots > 0 ? (double)node.Running / node.Slots : 0, $"{node.Running}/{node.Slots}{(node.Assembling ? "+a" : "")}", Color.Blue),
                ProgressBarCell.Of(node.CpuShare, Percent, Color.Yellow),
                ProgressBarCell.Of(node.MemoryShare, _ => Memory(node), Color.Fuchsia),
                new Text(Number(node.ChunksCompleted)),
            };
            if (layout.Normal)
                cells.Add(new Text(Number(node.ChunksFailed)));
            if (layout.Wide)
                cells.AddRange([new Text(Rate(node.FramesPerSecond)), new Text(Formats.Duration(node.Uptime))]);
            if (layout.Normal)
                cells.Add(new Text(node.State == NodeState.Dead ? "-" : Formats.Ago(node.LastReportAt)));
            table.AddRow(cells);
        }
        return More(table, m.Nodes.Count - rows, "node");
    }

    /// <summary>Which columns the terminal's width leaves room for.</summary>
    private sealed record Layout(bool Wide, bool Normal);

    private static Table More(Table table, int hidden, string what) =>
        hidden > 0 ? table.Caption($"[grey]… and {hidden} more {what}(s)[/]") : table;

    private static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);

    private static string Rate(double? perSecond) => perSecond?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Memory(NodeMetrics node) =>
        string.Create(CultureInfo.InvariantCulture, $"{Gib(node.MemoryUsedBytes)}/{Gib(node.MemoryTotalBytes)} GiB");

    private static string Gib(long? bytes) => ((bytes ?? 0) / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);
}
