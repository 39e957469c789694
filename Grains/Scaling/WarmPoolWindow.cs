namespace RenderFarm.Scaling;

/// <summary>
/// One window of the warm pool (<c>Autoscaler:WarmPool</c>): from <see cref="From"/> to <see cref="To"/>
/// (times of day in <see cref="TimeZone"/>; a window whose end is before its start runs over midnight,
/// one whose end equals its start all day) the pool keeps <see cref="Nodes"/> idle nodes ready beyond
/// what its work needs.
/// </summary>
public sealed class WarmPoolWindow
{
    public TimeOnly From { get; set; }

    public TimeOnly To { get; set; }

    public int Nodes { get; set; }

    /// <summary>A time zone id (IANA, e.g. <c>Europe/Berlin</c>); unset for UTC.</summary>
    public string? TimeZone { get; set; }
}
