using FFMpegCore;
using Microsoft.Extensions.Options;

namespace RenderFarm.Rendering;

/// <summary>Where the render engine works, which ffmpeg it runs and what it draws titles with.</summary>
public sealed class RenderEngineOptions
{
    public const string SectionName = "RenderEngine";
    public const string DefaultFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>TrueType font for titles (drawtext's fontfile).</summary>
    public string FontFile { get; set; } = DefaultFontFile;

    /// <summary>Parent of the per-render work folders (chunks, audio); each is removed when its render ends.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "renderfarm");

    /// <summary>Folder of the ffmpeg binary to run; the one on the PATH when not set. (ffprobe is always the PATH's.)</summary>
    public string? FfmpegFolder { get; set; }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public void Validate() => RenderEngineOptionsValidator.ThrowIfInvalid(this);
}

/// <summary>
/// Refuses a render engine that would fail every chunk: no ffmpeg to run, no ffprobe to verify with,
/// no font for titles. Checked when the silo starts, so a node without them never takes work.
/// </summary>
/// <param name="searchPath">The PATH to look for ffmpeg and ffprobe in; this process's when null.</param>
public sealed class RenderEngineOptionsValidator(string? searchPath) : IValidateOptions<RenderEngineOptions>
{
    private const string Section = RenderEngineOptions.SectionName;

    public RenderEngineOptionsValidator() : this(Environment.GetEnvironmentVariable("PATH"))
    {
    }

    public ValidateOptionsResult Validate(string? name, RenderEngineOptions options)
    {
        var failures = new List<string>();
        if (!File.Exists(options.FontFile))
            failures.Add($"{Section}:{nameof(RenderEngineOptions.FontFile)}: '{options.FontFile}' does not exist; titles are drawn with it " +
                         "(install fonts-dejavu-core, or set a TrueType font)");
        if (string.IsNullOrWhiteSpace(options.WorkDirectory))
            failures.Add($"{Section}:{nameof(RenderEngineOptions.WorkDirectory)} must be set");
        if (options.FfmpegFolder is { Length: > 0 } folder)
        {
            if (!IsExecutable(Path.Combine(folder, "ffmpeg")))
                failures.Add($"{Section}:{nameof(RenderEngineOptions.FfmpegFolder)}: '{folder}' holds no executable ffmpeg");
        }
        else if (FindOnPath("ffmpeg") is null)
        {
            failures.Add($"{Section}:{nameof(RenderEngineOptions.FfmpegFolder)} is not set and there is no ffmpeg on the PATH (install ffmpeg, or set the folder that holds it)");
        }
        // Assets and every rendered chunk are probed with ffprobe, through FFMpegCore.
        var probeFolder = GlobalFFOptions.Current.BinaryFolder;
        if (probeFolder is { Length: > 0 } ? !IsExecutable(Path.Combine(probeFolder, "ffprobe")) : FindOnPath("ffprobe") is null)
            failures.Add($"{Section}: there is no ffprobe on the PATH{(probeFolder is { Length: > 0 } ? $" or in '{probeFolder}'" : "")}; " +
                         "assets and rendered chunks are verified with it (install ffmpeg, which ships it)");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void ThrowIfInvalid(RenderEngineOptions options)
    {
        var result = new RenderEngineOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(RenderEngineOptions), result.Failures);
    }

    private string? FindOnPath(string program) =>
        (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(IsExecutable);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() ||
                              (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
