namespace RenderFarm.Rendering;

/// <summary>Where the render engine works and what it draws titles with.</summary>
public sealed class RenderEngineOptions
{
    public const string DefaultFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>TrueType font for titles.</summary>
    public string FontFile { get; set; } = DefaultFontFile;

    /// <summary>Parent of the per-render work folders (chunks, audio); each is removed when its render ends.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "renderfarm");

    /// <summary>Folder of the ffmpeg binary to run; the one on the PATH when not set.</summary>
    public string? FfmpegFolder { get; set; }

    public void Validate()
    {
        if (!File.Exists(FontFile))
            throw new InvalidOperationException($"{nameof(FontFile)}: '{FontFile}' does not exist (install fonts-dejavu-core or set another font)");
        if (string.IsNullOrWhiteSpace(WorkDirectory))
            throw new InvalidOperationException($"{nameof(WorkDirectory)}: must be set");
    }
}
