using System.Text;
using Microsoft.Extensions.Options;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Nodes;

/// <summary>A node's attempt logs: kept to their last bytes, read as a tail from a line's start, running until closed.</summary>
public sealed class AttemptLogsTests : IDisposable
{
    private readonly TestDirectory directory = new("attempt-logs");

    public void Dispose() => directory.Dispose();

    private AttemptLogs Logs(int maxBytes = 4096) => new(Options.Create(new RenderNodeOptions
    {
        WorkDirectory = directory.Path,
        AttemptLogs = new AttemptLogOptions { MaxBytes = maxBytes },
    }), TimeProvider.System);

    [Fact]
    public async Task A_log_is_read_whole_while_it_runs_and_as_a_tail_from_a_line_start_after()
    {
        var logs = Logs();
        var piece = WorkKey.ForChunk(Guid.NewGuid(), 2);
        using (var log = logs.Open(piece, 1))
        {
            log.Line("ffmpeg version 5.1");
            log.Line("frame=   10 fps=0.0");
            var running = await logs.ReadTailAsync(piece, 1, 1024, TestContext.Current.CancellationToken);
            Assert.Equal(new AttemptLogTail("ffmpeg version 5.1\nframe=   10 fps=0.0\n", false, true), running);
        }

        var tail = await logs.ReadTailAsync(piece, 1, 25, TestContext.Current.CancellationToken);

        Assert.Equal(new AttemptLogTail("frame=   10 fps=0.0\n", true, false), tail);
        Assert.Null(await logs.ReadTailAsync(piece, 2, 1024, TestContext.Current.CancellationToken));
        Assert.Null(await logs.ReadTailAsync(piece with { Lane = 1 }, 1, 1024, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_long_log_keeps_its_latest_lines_and_says_earlier_ones_were_dropped()
    {
        var logs = Logs(maxBytes: 4096);
        var piece = WorkKey.ForChunk(Guid.NewGuid(), 0);
        using (var log = logs.Open(piece, 3))
        {
            for (var i = 0; i < 1000; i++)
                log.Line($"frame={i,5} fps=25");
        }

        var whole = await logs.ReadTailAsync(piece, 3, 1024 * 1024, TestContext.Current.CancellationToken);

        Assert.NotNull(whole);
        Assert.True(whole.Truncated);
        Assert.StartsWith(AttemptLogFile.DroppedMarker + "\nframe=", whole.Text, StringComparison.Ordinal);
        Assert.EndsWith("frame=  999 fps=25\n", whole.Text, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(whole.Text), 1024, 4096 + 4096 / 4 + AttemptLogFile.DroppedMarker.Length + 1);
        var lines = whole.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => int.Parse(l[6..11].Trim())).ToList();
        Assert.Equal(Enumerable.Range(lines[0], lines.Count), lines);
    }

    [Fact]
    public void A_jpegs_size_is_read_from_its_frame_header_and_anything_else_is_none()
    {
        byte[] jpeg =
        [
            0xFF, 0xD8,
            0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00,
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0xB4, 0x01, 0x40, 0x01, 0x01, 0x11, 0x00,
            0xFF, 0xD9,
        ];

        Assert.Equal((320, 180), JpegSize.Read(jpeg));
        Assert.Null(JpegSize.Read(jpeg[..^2]));
        Assert.Null(JpegSize.Read("not a jpeg"u8));
    }

    [Fact]
    public void Bad_thumbnail_and_log_settings_are_refused_by_name()
    {
        var options = new RenderNodeOptions
        {
            RenderSlots = 1,
            Thumbnails = new ThumbnailOptions { Width = 321, Every = TimeSpan.FromMilliseconds(10) },
            AttemptLogs = new AttemptLogOptions { MaxBytes = 10, Keep = TimeSpan.Zero },
        };

        var failures = new RenderNodeOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("RenderNode:Thumbnails:Width must be an even number", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("RenderNode:Thumbnails:Every must be at least 100 ms", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("RenderNode:AttemptLogs:MaxBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("RenderNode:AttemptLogs:Keep", StringComparison.Ordinal));
    }
}
