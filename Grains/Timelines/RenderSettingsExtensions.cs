namespace RenderFarm.Timelines;

/// <summary>What a render's codec and container are once the preset has filled in what was not given.</summary>
public static class RenderSettingsExtensions
{
    /// <summary>The codec given, else the preset's: master → ProRes, every other preset → H.264.</summary>
    public static VideoCodec EffectiveCodec(this RenderSettings render) =>
        render.Codec ?? (render.Preset == QualityPreset.Master ? VideoCodec.ProRes : VideoCodec.H264);

    /// <summary>
    /// The container given, else the preset's (master → mov, every other preset → mp4); ProRes without
    /// a container goes in mov, as Rendering's EncodingProfiles does.
    /// </summary>
    public static Container EffectiveContainer(this RenderSettings render) =>
        render.Container
        ?? (render.Preset == QualityPreset.Master || render.EffectiveCodec() == VideoCodec.ProRes ? Container.Mov : Container.Mp4);
}
