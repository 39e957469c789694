namespace RenderFarm.Rendering;

/// <summary>Where the lines of an ffmpeg run's log (its standard error, statistics included) go as they come.</summary>
public interface IFfmpegLog
{
    void Line(string line);
}
