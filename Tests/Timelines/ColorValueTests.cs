using RenderFarm.Timelines;
using Xunit;

namespace RenderFarm.Tests.Timelines;

public sealed class ColorValueTests
{
    [Theory]
    [InlineData("#FF8000", "0xFF8000@1")]
    [InlineData("#ff8000", "0xFF8000@1")]
    [InlineData("#FF800080", "0xFF8000@0.502")]
    [InlineData("#00000000", "0x000000@0")]
    public void Hex_colours_become_ffmpeg_colours(string text, string ffmpeg)
    {
        Assert.True(ColorValue.TryParse(text, out var color));
        Assert.Equal(ffmpeg, color.ToFfmpeg());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("red")]
    [InlineData("FF8000")]
    [InlineData("#FFF")]
    [InlineData("#FF800")]
    [InlineData("#FF80001")]
    [InlineData("#FF80008000")]
    [InlineData("#GG8000")]
    [InlineData("#FF8000 ")]
    [InlineData("#FF80:0")]
    [InlineData("#FF8000\n")]
    [InlineData("#+F8000")]
    [InlineData("#٣٣٣٣٣٣")]
    public void Anything_but_hex_is_refused(string? text) =>
        Assert.False(ColorValue.TryParse(text, out _));

    [Fact]
    public void Alpha_is_written_with_a_dot_whatever_the_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("0x102030@0.251", ColorValue.Parse("#10203040").ToFfmpeg());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }
}
