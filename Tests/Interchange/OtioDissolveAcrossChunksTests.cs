using RenderFarm.Interchange;
using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Interchange;

/// <summary>An imported SMPTE_Dissolve whose overlap straddles a chunk cut renders the same in one chunk and in four.</summary>
public sealed class OtioDissolveAcrossChunksTests
{
    private const int Width = 640;
    private const int Height = 360;
    private const int Frames = 90;
    private const int ChunkCount = 4;

    // Track time: a.mp4 from its frame 12 for 48 frames (0..47), then b.mp4 from 40 frames past its
    // media start (01:00:00:00) for 42 frames (48..89). The dissolve takes 6 frames of b.mp4 before
    // its range and 9 of a.mp4 after its range: it covers output frames 42..56, and the cut between
    // the second and third of four chunks, at frame 45, falls inside it.
    private const string Otio = """
        {
          "OTIO_SCHEMA": "Timeline.1",
          "name": "dissolve over a chunk cut",
          "metadata": {},
          "global_start_time": null,
          "tracks": {
            "OTIO_SCHEMA": "Stack.1",
            "name": "tracks",
            "metadata": {},
            "source_range": null,
            "effects": [],
            "markers": [],
            "enabled": true,
            "children": [
              {
                "OTIO_SCHEMA": "Track.1",
                "name": "V1",
                "kind": "Video",
                "metadata": {},
                "source_range": null,
                "effects": [],
                "markers": [],
                "enabled": true,
                "children": [
                  {
                    "OTIO_SCHEMA": "Clip.1",
                    "name": "testsrc",
                    "metadata": {},
                    "source_range": {
                      "OTIO_SCHEMA": "TimeRange.1",
                      "start_time": { "OTIO_SCHEMA": "RationalTime.1", "rate": 30.0, "value": 12.0 },
                      "duration": { "OTIO_SCHEMA": "RationalTime.1", "rate": 30.0, "value": 48.0 }
                    },
                    "effects": [],
                    "markers": [],
                    "enabled": true,
                    "media_reference": {
                      "OTIO_SCHEMA": "ExternalReference.1",
                      "name": "a",
                      "metadata": {},
                      "target_url": "a.mp4",
                      "available_range": null
                    }
                  },
                  {
                    "OTIO_SCHEMA": "Transition.1",
                    "name": "Cross Dissolve",
                    "metadata": {},
                    "transition_type": "SMPTE_Dissolve",
                    "in_offset": { "OTIO_SCHEMA": "RationalTime.1", "rate": 30.0, "value": 6.0 },
                    "out_offset": { "OTIO_SCHEMA": "RationalTime.1", "rate": 30.0, "value": 9.0 }
                  },
                  {
                    "OTIO_SCHEMA": "Clip.2",
                    "name": "bars",
                    "metadata": {},
                    "source_range": {
                      "OTIO_SCHEMA": "TimeRange.1",
                      "start_time": { "OTIO_SCHEMA": "RationalTime.1", "rate": 30.0, "value": 108040.0 },
                      "duration": { "OTIO_SCHEMA": "RationalTime.1", "rate": 30.0, "value": 42.0 }
                    },
                    "effects": [],
                    "markers": [],
                    "enabled": true,
                    "active_media_reference_key": "DEFAULT_MEDIA",
                    "media_references": {
                      "DEFAULT_MEDIA": {
                        "OTIO_SCHEMA": "ExternalReference.1",
                        "name": "b",
                        "metadata": {},
                        "target_url": "b.mp4",
                        "available_range": {
                          "OTIO_SCHEMA": "TimeRange.1",
                          "start_time": { "OTIO_SCHEMA": "RationalTime.1", "rate": 30.0, "value": 108000.0 },
                          "duration": { "OTIO_SCHEMA": "RationalTime.1", "rate": 30.0, "value": 360.0 }
                        }
                      }
                    }
                  }
                ]
              }
            ]
          }
        }
        """;

    private const int DissolveStart = 42;
    private const int DissolveEnd = 57;

    private static readonly OtioImportOptions Options = new() { Width = Width, Height = Height };

    [Fact]
    public void The_dissolve_becomes_a_crossfade_over_the_clips_overlap()
    {
        var result = OtioImporter.Import(Otio, Options);

        Assert.Empty(result.Warnings);
        var output = result.Timeline.Output;
        Assert.Equal((Width, Height, new Rational(30, 1), Frames), (output.Width, output.Height, output.FrameRate, output.DurationFrames));
        var track = Assert.Single(result.Timeline.VideoTracks);
        Assert.Collection(track.Clips,
            a => Assert.Equal(("a", 0, 57, 12), (a.Asset, a.Start, a.Duration, a.SourceIn)),
            b => Assert.Equal(("b", DissolveStart, 48, 34), (b.Asset, b.Start, b.Duration, b.SourceIn)));
        var dissolve = Assert.Single(track.Transitions);
        Assert.Equal((0, DissolveEnd - DissolveStart), (dissolve.FromClip, dissolve.Duration));
    }

    [Fact]
    public async Task A_dissolve_across_a_chunk_cut_renders_the_same_in_one_chunk_and_in_four()
    {
        var timeline = await SampleMedia.ResolveAsync(OtioImporter.Import(Otio, Options).Timeline);
        var chunks = EvenSplit.Of(Frames, ChunkCount);
        Assert.Contains(chunks, c => c.Start > DissolveStart && c.Start < DissolveEnd);
        using var directory = new TestDirectory("otio-dissolve");
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = directory.File("work") });

        var single = await engine.RenderAsync(timeline, EvenSplit.Of(Frames, 1), directory.File("one.mp4"), cancellationToken: TestContext.Current.CancellationToken);
        var chunked = await engine.RenderAsync(timeline, chunks, directory.File("four.mp4"), cancellationToken: TestContext.Current.CancellationToken);

        foreach (var report in new[] { single, chunked })
        {
            Assert.Equal(Frames, report.Output.VideoFrames);
            Assert.Equal(Frames / 30.0, report.Output.VideoDurationSeconds, precision: 3);
        }
        var psnr = await Psnr.PerFrameAsync(single.OutputPath, chunked.OutputPath);
        Assert.Equal(Frames, psnr.Count);
        for (var frame = 0; frame < Frames; frame++)
            Assert.True(psnr[frame] >= 40, $"frame {frame}: {psnr[frame]:0.0} dB between one chunk and four");

        foreach (var output in new[] { single.OutputPath, chunked.OutputPath })
        {
            var shown = await FrameBarcode.ReadAllAsync(output, Width, Height);
            for (var frame = 0; frame < Frames; frame++)
            {
                if (frame is >= DissolveStart and < DissolveEnd)
                    continue;
                // a.mp4 from its frame 12; b.mp4 from frame 40 of its range less the 6 the dissolve took before it.
                var expected = frame < DissolveStart ? 12 + frame : 40 - 6 + (frame - DissolveStart);
                Assert.True(expected == shown[frame], $"{Path.GetFileName(output)} frame {frame}: shows source frame {shown[frame]}, expected {expected}");
            }
            // The first frame after the dissolve is b.mp4's range start plus the dissolve's 9 frames after the cut.
            Assert.Equal(40 + 9, shown[DissolveEnd]);
        }
    }
}
