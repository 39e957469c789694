namespace RenderFarm.Scheduling;

/// <summary>The kinds of work a job hands the scheduler; each takes a render slot on a node.</summary>
[GenerateSerializer, Alias("RenderFarm.WorkKind")]
public enum WorkKind
{
    /// <summary>A frame range of the video.</summary>
    Chunk = 0,
    /// <summary>The whole timeline's sound, rendered once.</summary>
    Sound = 1,
    /// <summary>The chunks joined and muxed with the sound into the output.</summary>
    Merge = 2,
}
