namespace RenderFarm.Costs;

/// <summary>
/// The quantities that drive a piece of work's render time on a node of reference speed. A piece's
/// expected seconds are these, each times its coefficient of the pool's cost model, added up; each
/// kind of piece fills only its own (a chunk's are zero for a sound). Megapixel-frames are millions
/// of pixels summed over the frames that touch them.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.WorkFeatures")]
public sealed record WorkFeatures
{
    /// <summary>Names of <see cref="ToVector"/>'s entries, in order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "chunk", "inputs", "encoded-mp", "composed-mp", "decoded-mp", "title-frames", "fade-mp",
        "sound", "sound-seconds", "audio-clip-seconds",
        "merge", "merged-mp",
    ];

    public static int Count => Names.Count;

    /// <summary>1 for a chunk: its ffmpeg's start, graph set-up, encoder ramp and the probe that verifies it.</summary>
    [Id(0)] public double Chunk { get; init; }
    /// <summary>Video and image clips the chunk shows: each is an input ffmpeg opens, seeks, starts a decoder and a filter chain for.</summary>
    [Id(12)] public double Inputs { get; init; }
    /// <summary>
    /// Output frames × output megapixels × the encoder's weight (preset and codec), the part of each
    /// frame that video does not cover (background, colours, stills, titles) counted at the still
    /// picture's share: moving pictures are what an encoder spends its time on.
    /// </summary>
    [Id(1)] public double EncodedMegapixels { get; init; }
    /// <summary>The canvas (output size, every frame) plus each visible layer's box, per frame it is on: scaling, format conversion, overlay.</summary>
    [Id(2)] public double ComposedMegapixels { get; init; }
    /// <summary>Source pixels decoded: every video or image layer's source size per frame it is on, plus each video input's seek pre-roll.</summary>
    [Id(3)] public double DecodedMegapixels { get; init; }
    /// <summary>Frames on which a title is drawn, per title.</summary>
    [Id(4)] public double TitleFrames { get; init; }
    /// <summary>Layer megapixels under a fade or a crossfade (alpha ramps), per frame.</summary>
    [Id(5)] public double FadeMegapixels { get; init; }
    /// <summary>1 for the sound.</summary>
    [Id(6)] public double Sound { get; init; }
    /// <summary>The timeline's length in seconds: the sound's encode.</summary>
    [Id(7)] public double SoundSeconds { get; init; }
    /// <summary>Seconds of every clip heard (audio clips, and video clips with their sound), added up: decoding and mixing.</summary>
    [Id(8)] public double AudioClipSeconds { get; init; }
    /// <summary>1 for the merge.</summary>
    [Id(9)] public double Merge { get; init; }
    /// <summary>Output frames × output megapixels of the merged file: the concat, mux and the verifying probe that counts its frames.</summary>
    [Id(10)] public double MergedMegapixels { get; init; }

    public double[] ToVector() =>
        [Chunk, Inputs, EncodedMegapixels, ComposedMegapixels, DecodedMegapixels, TitleFrames, FadeMegapixels, Sound, SoundSeconds, AudioClipSeconds, Merge, MergedMegapixels];
}
