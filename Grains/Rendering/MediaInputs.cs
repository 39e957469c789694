using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>ffmpeg inputs under the farm's <see cref="InputPolicy"/>: only local files, only the allowed containers.</summary>
public static class MediaInputs
{
    public static FfmpegInput File(string absolutePath, params string[] options) =>
        new(absolutePath, [.. InputPolicy.Sandbox, .. options]);
}
