using System.CommandLine;
using RenderFarm.Interchange;
using RenderFarm.Timelines;
using Spectre.Console;

namespace RenderFarm.Cli;

/// <summary>
/// Reading the timeline a command is given: the native JSON, or an OpenTimelineIO file (<c>.otio</c>)
/// converted on the way with the options here, its warnings written to standard error.
/// </summary>
internal sealed class TimelineInputs
{
    public Option<bool> Strict { get; } = new("--strict") { Description = "OpenTimelineIO: refuse what would only convert with a fallback (an effect left out, a wipe shown as a dissolve, a time rounded to a frame)." };

    public Option<string[]> Map { get; } = new("--map")
    {
        Description = "OpenTimelineIO: rewrite media paths starting with FROM to start with TO (FROM=TO; repeatable; the first match wins).",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<DirectoryInfo?> MediaRoot { get; } = new("--media-root") { Description = "OpenTimelineIO: absolute media paths under this folder become asset paths relative to it." };

    public Option<int?> Width { get; } = new("--width") { Description = "OpenTimelineIO: output width (default: the file's metadata.renderfarm, else 1920)." };

    public Option<int?> Height { get; } = new("--height") { Description = "OpenTimelineIO: output height (default: the file's metadata.renderfarm, else 1080)." };

    public Option<string?> FrameRate { get; } = new("--frame-rate") { Description = "OpenTimelineIO: output rate, 25 or 30000/1001 (default: the file's, else its timeline's rate)." };

    public Option<QualityPreset?> Preset { get; } = new("--preset") { Description = "OpenTimelineIO: render preset: draft, standard, high or master (default: the file's, else standard)." };

    public TimelineInputs()
    {
        FrameRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && (!Rational.TryParse(text, out var rate) || rate.Numerator <= 0 || rate.Denominator <= 0))
                result.AddError($"--frame-rate must be a whole rate such as 25 or a fraction such as 30000/1001 (was \"{text}\")");
        });
        Map.Validators.Add(result =>
        {
            foreach (var rule in result.GetValueOrDefault<string[]>() ?? [])
            {
                try
                {
                    MediaPathRule.Parse(rule);
                }
                catch (FormatException e)
                {
                    result.AddError($"--map: {e.Message}");
                }
            }
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Strict, Map, MediaRoot, Width, Height, FrameRate, Preset })
            command.Options.Add(option);
    }

    public static bool IsOtio(FileInfo file) => file.Extension.Equals(".otio", StringComparison.OrdinalIgnoreCase);

    /// <summary>The timeline in the file and, for an OTIO file, its timeline's name.</summary>
    public async Task<(Timeline Timeline, string? Name)> ReadAsync(ParseResult result, FileInfo file, string? mediaRoot, CancellationToken cancellationToken)
    {
        if (!IsOtio(file))
            return (await TimelineJson.ReadFileAsync(file.FullName, cancellationToken), null);
        var imported = await OtioImporter.ReadFileAsync(file.FullName, ReadOptions(result, mediaRoot), cancellationToken);
        ReportWarnings(imported.Warnings);
        return (imported.Timeline, imported.Name);
    }

    public OtioImportOptions ReadOptions(ParseResult result, string? mediaRoot) => new()
    {
        Strict = result.GetValue(Strict),
        PathRules = (result.GetValue(Map) ?? []).Select(MediaPathRule.Parse).ToList(),
        MediaRoot = result.GetValue(MediaRoot)?.FullName ?? mediaRoot,
        Width = result.GetValue(Width),
        Height = result.GetValue(Height),
        FrameRate = result.GetValue(FrameRate) is { } text && Rational.TryParse(text, out var rate) ? rate : null,
        Preset = result.GetValue(Preset),
    };

    public static void ReportWarnings(IReadOnlyList<ValidationError> warnings)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        error.Profile.Width = 10_000;
        foreach (var warning in warnings)
            error.MarkupLineInterpolated($"[yellow]warning[/] {warning.Field}: {warning.Rule}");
    }
}
