namespace RenderFarm.Tests.Support;

/// <summary>
/// Reads the frame-number barcode the sample media carry: the top eighth of the picture is 12 equal
/// cells, cell i white when bit i of the source frame number is set.
/// </summary>
public static class FrameBarcode
{
    private const int Cells = 12;

    /// <summary>The number shown by every frame of a video whose picture fills the frame.</summary>
    public static async Task<IReadOnlyList<int>> ReadAllAsync(string videoPath, int width, int height)
    {
        var stripHeight = height / 8;
        var rowY = stripHeight / 2;
        var gray = await ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-i", videoPath, "-vf", $"format=gray,crop={width}:1:0:{rowY}", "-f", "rawvideo", "-"]);
        var frames = new List<int>();
        for (var offset = 0; offset + width <= gray.Length; offset += width)
        {
            var value = 0;
            for (var cell = 0; cell < Cells; cell++)
            {
                var x = (int)((cell + 0.5) * width / Cells);
                if (gray[offset + x] > 128)
                    value |= 1 << cell;
            }
            frames.Add(value);
        }
        return frames;
    }
}
