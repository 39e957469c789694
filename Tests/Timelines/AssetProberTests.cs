using RenderFarm.Tests.Support;
using RenderFarm.Timelines;
using Xunit;

namespace RenderFarm.Tests.Timelines;

public sealed class AssetProberTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("still.png")]
    [InlineData("still.jpg")]
    [InlineData("still.webp")]
    [InlineData("still.bmp")]
    [InlineData("still.tiff")]
    public async Task Image_files_are_stills_of_endless_duration(string name)
    {
        var path = temp.File(name);
        await TestMedia.CreateImageAsync(path, 32, 16, Cancel);

        var asset = await ProbeAsync(path);

        Assert.Equal((true, true, false, 32, 16), (asset.IsStillImage, asset.HasVideo, asset.HasAudio, asset.Width, asset.Height));
        Assert.Equal(double.PositiveInfinity, asset.DurationSeconds);
    }

    [Fact]
    public async Task One_png_frame_in_a_mov_is_a_still_but_an_animation_is_not()
    {
        var still = temp.File("still.mov");
        var animation = temp.File("moving.gif");
        await TestMedia.RunFfmpegAsync(["-f", "lavfi", "-i", "testsrc2=size=32x16", "-frames:v", "1", "-c:v", "png", still], Cancel);
        await TestMedia.RunFfmpegAsync(["-f", "lavfi", "-i", "testsrc2=size=32x16:rate=10:duration=1", animation], Cancel);

        Assert.True((await ProbeAsync(still)).IsStillImage);
        var moving = await ProbeAsync(animation);
        Assert.False(moving.IsStillImage);
        Assert.InRange(moving.DurationSeconds, 0.9, 1.1);
    }

    [Fact]
    public async Task An_unreadable_file_is_an_error_on_the_assets_path()
    {
        var path = temp.File("noise.mp4");
        await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))], Cancel);
        var errors = new List<ValidationError>();

        var asset = await AssetProber.ProbeAsync("noise", path, errors, Cancel);

        Assert.Null(asset);
        Assert.Equal([new ValidationError("assets.noise.path", "is not a media file ffprobe can read")], errors);
    }

    private static async Task<ResolvedAsset> ProbeAsync(string path)
    {
        var errors = new List<ValidationError>();
        var asset = await AssetProber.ProbeAsync("a", path, errors, Cancel);
        Assert.Empty(errors);
        return asset!;
    }
}
