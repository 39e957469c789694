using RenderFarm.Tests.Support;
using RenderFarm.Timelines;
using Xunit;

namespace RenderFarm.Tests.Timelines;

/// <summary>An asset path must never reach a file outside the assets root, nor anything ffmpeg reads as a protocol.</summary>
public sealed class AssetSafetyTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string root;
    private readonly string outside;

    public AssetSafetyTests()
    {
        root = Directory.CreateDirectory(Path.Combine(temp.Path, "assets")).FullName;
        outside = Directory.CreateDirectory(Path.Combine(temp.Path, "outside")).FullName;
    }

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("media/../../x")]
    [InlineData("concat:a|b")]
    [InlineData("http://x/y.mp4")]
    [InlineData("file:/etc/passwd")]
    [InlineData("media/frame%d.png")]
    public async Task A_hostile_path_is_refused(string path)
    {
        var refused = await RefusedAsync(path);

        Assert.Contains(refused.Errors, e => e.Field == "assets.clip.path");
    }

    [Fact]
    public async Task A_symbolic_link_out_of_the_root_is_refused()
    {
        var target = Path.Combine(outside, "secret.mp4");
        await TestMedia.CreateVideoAsync(target, cancellationToken: TestContext.Current.CancellationToken);
        File.CreateSymbolicLink(Path.Combine(root, "innocent.mp4"), target);

        var refused = await RefusedAsync("innocent.mp4");

        var error = Assert.Single(refused.Errors);
        Assert.Equal("assets.clip.path", error.Field);
        Assert.Contains("inside the assets root", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_linked_folder_or_relative_link_out_of_the_root_is_refused()
    {
        var target = Path.Combine(outside, "secret.mp4");
        await TestMedia.CreateVideoAsync(target, cancellationToken: TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(root, "media"));
        Directory.CreateSymbolicLink(Path.Combine(root, "media", "shared"), outside);
        File.CreateSymbolicLink(Path.Combine(root, "media", "hop.mp4"), "../../outside/secret.mp4");
        File.CreateSymbolicLink(Path.Combine(root, "chain.mp4"), "media/hop.mp4");
        var errors = new List<ValidationError>();
        var resolver = new AssetPathResolver(root);

        Assert.Null(resolver.Resolve("media/shared/secret.mp4", "assets.a.path", errors));
        Assert.Null(resolver.Resolve("media/hop.mp4", "assets.b.path", errors));
        Assert.Null(resolver.Resolve("chain.mp4", "assets.c.path", errors));

        Assert.Equal(["assets.a.path", "assets.b.path", "assets.c.path"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Contains("inside the assets root", e.Rule, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_that_stays_inside_the_root_resolves_to_its_target()
    {
        var real = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "media")).FullName, "real.mp4");
        await TestMedia.CreateVideoAsync(real, cancellationToken: TestContext.Current.CancellationToken);
        File.CreateSymbolicLink(Path.Combine(root, "alias.mp4"), "media/real.mp4");
        var linkedRoot = Path.Combine(temp.Path, "linked-root");
        Directory.CreateSymbolicLink(linkedRoot, root);
        var errors = new List<ValidationError>();

        var resolver = new AssetPathResolver(linkedRoot);

        var resolved = resolver.Resolve("alias.mp4", "assets.a.path", errors);

        Assert.Empty(errors);
        Assert.Equal(new AssetPathResolver(root).Root, resolver.Root);
        Assert.Equal(Path.Combine(resolver.Root, "media", "real.mp4"), resolved);
    }

    [Fact]
    public async Task A_directory_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(root, "media", "clip.mp4"));

        var error = Assert.Single((await RefusedAsync("media/clip.mp4")).Errors);

        Assert.Equal("assets.clip.path", error.Field);
        Assert.Contains("directory", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_refused()
    {
        var error = Assert.Single((await RefusedAsync("media/missing.mp4")).Errors);

        Assert.Equal("assets.clip.path", error.Field);
        Assert.Contains("does not exist", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_ffprobe_cannot_read_is_refused()
    {
        await File.WriteAllTextAsync(Path.Combine(root, "notes.mp4"), "not a video", TestContext.Current.CancellationToken);

        var error = Assert.Single((await RefusedAsync("notes.mp4")).Errors);

        Assert.Equal(new ValidationError("assets.clip.path", "is not a media file ffprobe can read"), error);
    }

    [Theory]
    [InlineData("'; drawtext=text=pwned:")]
    [InlineData("%{pict_type}")]
    [InlineData("a]b;[c")]
    [InlineData("line one\nline two \\ \"quoted\" 'single' :colon, comma")]
    [InlineData("%{eif\\:n\\:d} [in]null[out]")]
    public void Hostile_title_text_is_data_and_passes_validation(string text)
    {
        var timeline = SampleTimelines.Valid().WithTitle(t => t with { Text = text });

        Assert.Empty(TimelineValidator.Validate(timeline));
    }

    private Task<TimelineValidationException> RefusedAsync(string path)
    {
        var timeline = new Timeline
        {
            Version = Timeline.CurrentVersion,
            Output = new OutputSpec { Width = 160, Height = 90, FrameRate = new Rational(30, 1), DurationFrames = 30 },
            Assets = new Dictionary<string, AssetRef> { ["clip"] = new() { Path = path } },
            VideoTracks = [new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Video, Asset = "clip", Duration = 30 }] }],
        };
        return Assert.ThrowsAsync<TimelineValidationException>(
            () => TimelineLoader.ResolveAsync(timeline, root, TestContext.Current.CancellationToken));
    }
}
