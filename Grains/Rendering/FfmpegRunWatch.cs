namespace RenderFarm.Rendering;

/// <summary>
/// What a caller watches of a running ffmpeg besides its progress: its log as it comes, and where the
/// files it writes appear on this machine while it runs (the output's folder, or a sandbox's own).
/// </summary>
public sealed class FfmpegRunWatch(IFfmpegLog? log = null)
{
    private volatile string? outputFolder;
    private volatile string? stillFileName;

    public IFfmpegLog? Log { get; } = log;

    /// <summary>Set by the runner when the run starts; null before.</summary>
    public string? OutputFolder
    {
        get => outputFolder;
        internal set => outputFolder = value;
    }

    /// <summary>Set by a chunk render that writes a still (<see cref="StillOutput"/>); null when it writes none.</summary>
    public string? StillFileName
    {
        get => stillFileName;
        internal set => stillFileName = value;
    }

    /// <summary>Where the latest still is on this machine, once the run has started; null without one.</summary>
    public string? StillPath => OutputFolder is { } folder && StillFileName is { } name ? Path.Combine(folder, name) : null;
}
